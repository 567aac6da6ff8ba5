namespace Quiver.Arrow;

/// <summary>A column of structs: one child array per field, each at least as long as this column.</summary>
public sealed class StructArray : ArrowArray
{
    private readonly ArrowArray[] _fields;

    internal StructArray(ArrowType type, int length, int nullCount, ReadOnlyMemory<byte> validity, ArrowArray[] fields)
        : base(type, length, nullCount, validity)
    {
        _fields = fields;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<ArrowArray> Children => _fields;

    internal override ReadOnlyMemory<byte>[] DataBuffers => [];

    /// <summary>The child array of field <paramref name="index"/>.</summary>
    public ArrowArray GetField(int index) => _fields[index];
}
