namespace Quiver.Protocol;

/// <summary>Names of <c>quiver.v1.Quiver</c> as both ends address it.</summary>
public static class QuiverMethods
{
    /// <summary>The proto's fully qualified service name.</summary>
    public const string Service = "quiver.v1.Quiver";
}
