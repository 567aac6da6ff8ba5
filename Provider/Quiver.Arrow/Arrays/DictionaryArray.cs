namespace Quiver.Arrow;

/// <summary>
/// A dictionary-encoded column (for example a DuckDB ENUM): integer <see cref="Indices"/> into <see cref="Dictionary"/>.
/// A null row has a null index. <see cref="ArrowArray.Type"/> is the dictionary's value type.
/// </summary>
public sealed class DictionaryArray : ArrowArray
{
    internal DictionaryArray(ArrowDictionaryEncoding encoding, PrimitiveArray indices, ArrowArray dictionary)
        : base(dictionary.Type, indices.Length, indices.NullCount, indices.Validity)
    {
        Encoding = encoding;
        Indices = indices;
        Dictionary = dictionary;
    }

    /// <summary>The dictionary id and index type.</summary>
    public ArrowDictionaryEncoding Encoding { get; }

    /// <summary>The indices, one per row.</summary>
    public PrimitiveArray Indices { get; }

    /// <summary>The dictionary values the indices refer to.</summary>
    public ArrowArray Dictionary { get; }

    internal override ReadOnlyMemory<byte>[] DataBuffers => Indices.DataBuffers;

    /// <summary>The dictionary index of row <paramref name="row"/> (checked against the dictionary when decoded or built).</summary>
    public int GetIndex(int row) => (int)Indices.GetInteger(row);
}
