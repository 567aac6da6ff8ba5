namespace Quiver.Arrow;

/// <summary>The columns of a stream's record batches, with schema-level custom metadata.</summary>
public sealed class ArrowSchema : IEquatable<ArrowSchema>
{
    /// <summary>Creates a schema.</summary>
    public ArrowSchema(IReadOnlyList<ArrowField> fields, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Fields = [.. fields];
        Metadata = metadata ?? ArrowField.NoMetadata;
    }

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<ArrowField> Fields { get; }

    /// <summary>Custom key/value metadata (empty when none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The index of the first field named <paramref name="name"/> (ordinal comparison), or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <inheritdoc/>
    public bool Equals(ArrowSchema? other)
        => other is not null && (ReferenceEquals(this, other)
            || (Fields.SequenceEqual(other.Fields) && ArrowField.MetadataEquals(Metadata, other.Metadata)));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ArrowSchema);

    /// <inheritdoc/>
    public override int GetHashCode() => Fields.Count;

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", Fields);
}
