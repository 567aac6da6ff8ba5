namespace Quiver.Arrow;

/// <summary>A column of lists of exactly <see cref="ArrowType.ListSize"/> items each.</summary>
public sealed class FixedSizeListArray : ArrowArray
{
    internal FixedSizeListArray(ArrowType type, int length, int nullCount, ReadOnlyMemory<byte> validity, ArrowArray values)
        : base(type, length, nullCount, validity)
    {
        Values = values;
    }

    /// <summary>The items of all lists, concatenated.</summary>
    public ArrowArray Values { get; }

    /// <summary>Items per list.</summary>
    public int ListSize => Type.ListSize;

    /// <inheritdoc/>
    public override IReadOnlyList<ArrowArray> Children => [Values];

    internal override ReadOnlyMemory<byte>[] DataBuffers => [];

    /// <summary>Index in <see cref="Values"/> of the first item of row <paramref name="row"/>.</summary>
    public int GetStart(int row)
    {
        CheckRow(row);
        return row * ListSize;
    }
}
