using System.Runtime.CompilerServices;
using System.Text;

namespace Quiver.Arrow;

/// <summary>
/// A column of variable-length byte strings: utf8, large utf8, binary and large binary. <see cref="GetBytes"/> is a
/// span over the message body; <see cref="GetString"/> materialises a string only when asked.
/// </summary>
public sealed class BinaryArray : ArrowArray
{
    private readonly BufferView _offsets;
    private readonly BufferView _data;
    private readonly bool _large;

    internal BinaryArray(ArrowType type, int length, int nullCount, ReadOnlyMemory<byte> validity, ReadOnlyMemory<byte> offsets, ReadOnlyMemory<byte> data)
        : base(type, length, nullCount, validity)
    {
        _offsets = new BufferView(offsets);
        _data = new BufferView(data);
        _large = type.Id is ArrowTypeId.LargeUtf8 or ArrowTypeId.LargeBinary;
    }

    /// <summary>True for utf8 and large utf8 columns.</summary>
    public bool IsUtf8 => Type.Id is ArrowTypeId.Utf8 or ArrowTypeId.LargeUtf8;

    /// <summary>The concatenated value bytes.</summary>
    public ReadOnlySpan<byte> DataBytes => _data.Memory.Span;

    internal override ReadOnlyMemory<byte>[] DataBuffers => [_offsets.Memory, _data.Memory];

    /// <summary>The bytes of the value at <paramref name="row"/> (UTF-8 for string columns; empty for a null).</summary>
    public ReadOnlySpan<byte> GetBytes(int row)
    {
        var (start, length) = GetRange(row);
        return _data.Slice(start, length);
    }

    /// <summary>The value at <paramref name="row"/> as a new string (UTF-8 decoded; binary columns are decoded too).</summary>
    public string GetString(int row) => Encoding.UTF8.GetString(GetBytes(row));

    /// <summary>The byte length of the value at <paramref name="row"/>.</summary>
    public int GetValueLength(int row) => GetRange(row).Length;

    // Offsets were checked monotonic and within the data buffer when the array was decoded or built.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal (int Start, int Length) GetRange(int row)
    {
        CheckRow(row);
        if (_large)
        {
            var start = _offsets.Read<long>(row);
            return ((int)start, (int)(_offsets.Read<long>(row + 1) - start));
        }
        else
        {
            var start = _offsets.Read<int>(row);
            return (start, _offsets.Read<int>(row + 1) - start);
        }
    }
}
