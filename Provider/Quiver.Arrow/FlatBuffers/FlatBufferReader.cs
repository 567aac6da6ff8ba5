using System.Buffers.Binary;
using System.Text;

namespace Quiver.Arrow.FlatBuffers;

/// <summary>
/// Reads FlatBuffers tables, vectors and strings (the encoding of Arrow's Schema.fbs and Message.fbs) with every
/// offset checked against the buffer, so that hostile bytes raise <see cref="ArrowFormatException"/> instead of
/// reading out of bounds. Little-endian throughout, as the FlatBuffers format fixes it.
/// </summary>
internal readonly ref struct FlatBufferReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly string _what;

    /// <param name="buffer">The whole flatbuffer.</param>
    /// <param name="what">What the buffer holds, for error messages ("Message header").</param>
    public FlatBufferReader(ReadOnlySpan<byte> buffer, string what)
    {
        _buffer = buffer;
        _what = what;
    }

    public int Length => _buffer.Length;

    /// <summary>The root table: the buffer starts with a uoffset to it.</summary>
    public FlatTable Root => new(TargetOf(0));

    public ArrowFormatException Error(string problem, int position)
        => new($"Invalid {_what} at byte {position}: {problem}.");

    // A uoffset stored at 'position' points forward to position + value.
    public int TargetOf(int position)
    {
        var offset = ReadUInt32(position);
        var target = (long)position + offset;
        if (offset == 0 || target >= _buffer.Length)
        {
            throw Error($"offset {offset} points outside the {_buffer.Length}-byte buffer", position);
        }

        return (int)target;
    }

    /// <summary>The byte offset of field <paramref name="field"/> (0-based, in schema order) in a table, or 0 when absent.</summary>
    public int FieldPosition(FlatTable table, int field)
    {
        var vtable = (long)table.Position - ReadInt32(table.Position);
        if (vtable < 0 || vtable + 4 > _buffer.Length)
        {
            throw Error("the table's vtable lies outside the buffer", table.Position);
        }

        var vtableSize = ReadUInt16((int)vtable);
        if (vtableSize < 4 || (vtableSize & 1) != 0 || vtable + vtableSize > _buffer.Length)
        {
            throw Error($"vtable size {vtableSize} is invalid", (int)vtable);
        }

        var slot = 4 + (2 * field);
        if (slot + 2 > vtableSize)
        {
            return 0; // written by an older schema without this field
        }

        var fieldOffset = ReadUInt16((int)vtable + slot);
        if (fieldOffset == 0)
        {
            return 0;
        }

        var tableSize = ReadUInt16((int)vtable + 2);
        if (fieldOffset >= tableSize || table.Position + (long)tableSize > _buffer.Length)
        {
            throw Error($"field {field} at offset {fieldOffset} lies outside its {tableSize}-byte table", table.Position);
        }

        return table.Position + fieldOffset;
    }

    public bool Has(FlatTable table, int field) => FieldPosition(table, field) != 0;

    public byte GetByte(FlatTable table, int field, byte fallback = 0)
        => FieldPosition(table, field) is var p and not 0 ? Slice(p, 1)[0] : fallback;

    public bool GetBool(FlatTable table, int field, bool fallback = false)
        => FieldPosition(table, field) is var p and not 0 ? Slice(p, 1)[0] != 0 : fallback;

    public short GetInt16(FlatTable table, int field, short fallback = 0)
        => FieldPosition(table, field) is var p and not 0 ? BinaryPrimitives.ReadInt16LittleEndian(Slice(p, 2)) : fallback;

    public int GetInt32(FlatTable table, int field, int fallback = 0)
        => FieldPosition(table, field) is var p and not 0 ? ReadInt32(p) : fallback;

    public long GetInt64(FlatTable table, int field, long fallback = 0)
        => FieldPosition(table, field) is var p and not 0 ? BinaryPrimitives.ReadInt64LittleEndian(Slice(p, 8)) : fallback;

    /// <summary>A sub-table field, or null when absent.</summary>
    public FlatTable? GetTable(FlatTable table, int field)
        => FieldPosition(table, field) is var p and not 0 ? new FlatTable(TargetOf(p)) : null;

    /// <summary>A string field, or null when absent.</summary>
    public string? GetString(FlatTable table, int field)
    {
        var p = FieldPosition(table, field);
        if (p == 0)
        {
            return null;
        }

        var start = TargetOf(p);
        var length = ReadUInt32(start);
        var bytes = Slice(start + 4, length, "string");
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (ArgumentException)
        {
            throw Error("a string is not valid UTF-8", start);
        }
    }

    /// <summary>A vector field: its element count and where the elements start, or an empty vector when absent.</summary>
    public FlatVector GetVector(FlatTable table, int field, int elementSize)
    {
        var p = FieldPosition(table, field);
        if (p == 0)
        {
            return default;
        }

        var start = TargetOf(p);
        var count = ReadUInt32(start);
        Slice(start + 4, (long)count * elementSize, "vector");
        return new FlatVector(start + 4, (int)count, elementSize);
    }

    /// <summary>Element <paramref name="index"/> of a vector of tables.</summary>
    public FlatTable GetTable(FlatVector vector, int index) => new(TargetOf(vector.ElementPosition(index)));

    /// <summary>The bytes of a struct element (or of any element) of a vector.</summary>
    public ReadOnlySpan<byte> GetElement(FlatVector vector, int index) => Slice(vector.ElementPosition(index), vector.ElementSize);

    public ReadOnlySpan<byte> Slice(int position, long length, string what = "value")
    {
        if (position < 0 || length < 0 || position + length > _buffer.Length)
        {
            throw Error($"a {length}-byte {what} runs past the end of the {_buffer.Length}-byte buffer", position);
        }

        return _buffer.Slice(position, (int)length);
    }

    private ushort ReadUInt16(int position) => BinaryPrimitives.ReadUInt16LittleEndian(Slice(position, 2));

    private int ReadInt32(int position) => BinaryPrimitives.ReadInt32LittleEndian(Slice(position, 4));

    private uint ReadUInt32(int position) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(position, 4));
}

/// <summary>A table's position in its buffer.</summary>
internal readonly record struct FlatTable(int Position);

/// <summary>A vector's first element, element count and element size.</summary>
internal readonly record struct FlatVector(int Start, int Count, int ElementSize)
{
    public int ElementPosition(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Start + (index * ElementSize);
    }
}
