namespace Quiver.Arrow;

/// <summary>
/// How a dictionary-encoded field stores its values: integer indices into a dictionary that the stream sends in
/// DictionaryBatch messages under <see cref="Id"/>.
/// </summary>
public sealed record ArrowDictionaryEncoding
{
    /// <summary>Creates an encoding; <paramref name="indexType"/> must be an integer type (signed 32-bit is the default).</summary>
    public ArrowDictionaryEncoding(long id, ArrowType? indexType = null, bool isOrdered = false)
    {
        indexType ??= ArrowType.Int32;
        if (!indexType.IsInteger)
        {
            throw new ArgumentException($"A dictionary index must be an integer type, not {indexType}.", nameof(indexType));
        }

        Id = id;
        IndexType = indexType;
        IsOrdered = isOrdered;
    }

    /// <summary>The dictionary's id, unique within a stream.</summary>
    public long Id { get; }

    /// <summary>The integer type of the indices.</summary>
    public ArrowType IndexType { get; }

    /// <summary>Whether the order of the dictionary's values is meaningful.</summary>
    public bool IsOrdered { get; }
}
