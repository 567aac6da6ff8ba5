namespace Quiver.EntityFrameworkCore.Metadata.Internal;

/// <summary>The names of the provider's annotations on migration operations.</summary>
public static class QuiverAnnotationNames
{
    /// <summary>On a column: the name of the sequence whose <c>nextval</c> is its default (an identity column).</summary>
    public const string IdentitySequence = "Quiver:IdentitySequence";

    /// <summary>On a dropped table: its identity sequences, comma-separated, dropped after the table.</summary>
    public const string OwnedSequences = "Quiver:OwnedSequences";
}
