namespace Quiver.Arrow;

/// <summary>A boolean column: values are bits, least significant bit first.</summary>
public sealed class BooleanArray : ArrowArray
{
    private readonly BufferView _values;

    internal BooleanArray(int length, int nullCount, ReadOnlyMemory<byte> validity, ReadOnlyMemory<byte> values)
        : base(ArrowType.Boolean, length, nullCount, validity)
    {
        _values = new BufferView(values);
    }

    /// <summary>The value bitmap.</summary>
    public ReadOnlySpan<byte> ValueBitmap => _values.Memory.Span;

    internal override ReadOnlyMemory<byte>[] DataBuffers => [_values.Memory];

    /// <summary>The value at <paramref name="row"/> (false for a null).</summary>
    public bool GetBoolean(int row)
    {
        CheckRow(row);
        return (_values.Read<byte>(row >> 3) & (1 << (row & 7))) != 0;
    }
}
