using System.Buffers.Binary;
using System.Text;

namespace Quiver.Arrow.FlatBuffers;

/// <summary>
/// Builds a flatbuffer back to front, as the format expects: children are written first (at the end of the
/// buffer) and tables refer to them with forward offsets. Offsets returned here count bytes from the end of the
/// buffer, so they stay valid while the buffer grows.
/// </summary>
internal sealed class FlatBufferBuilder
{
    private byte[] _buffer;
    private int _head;
    private int _minAlign = 1;
    private int[] _fields = new int[16];
    private int _fieldCount;
    private int _tableStart = -1;

    public FlatBufferBuilder(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(initialCapacity, 16)];
        _head = _buffer.Length;
    }

    /// <summary>Bytes written so far; also the offset of the object written last.</summary>
    public int Offset => _buffer.Length - _head;

    public void StartTable(int fieldCount)
    {
        if (_tableStart >= 0)
        {
            throw new InvalidOperationException("Tables cannot nest while being built: finish the inner table first.");
        }

        if (_fields.Length < fieldCount)
        {
            _fields = new int[Math.Max(fieldCount, _fields.Length * 2)];
        }

        Array.Clear(_fields, 0, fieldCount);
        _fieldCount = fieldCount;
        _tableStart = Offset;
    }

    public void AddBool(int field, bool value) => AddByte(field, value ? (byte)1 : (byte)0);

    public void AddByte(int field, byte value)
    {
        Prep(1, 0);
        _buffer[--_head] = value;
        Slot(field);
    }

    public void AddInt16(int field, short value)
    {
        Prep(2, 0);
        PutInt16(value);
        Slot(field);
    }

    public void AddInt32(int field, int value)
    {
        Prep(4, 0);
        PutInt32(value);
        Slot(field);
    }

    public void AddInt64(int field, long value)
    {
        Prep(8, 0);
        _head -= 8;
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_head), value);
        Slot(field);
    }

    /// <summary>Adds a reference to a table, string or vector written earlier.</summary>
    public void AddOffset(int field, int offset)
    {
        AddOffset(offset);
        Slot(field);
    }

    public int EndTable()
    {
        if (_tableStart < 0)
        {
            throw new InvalidOperationException("EndTable without StartTable.");
        }

        AddOffsetPlaceholder();
        var tableOffset = Offset;
        var used = _fieldCount;
        while (used > 0 && _fields[used - 1] == 0)
        {
            used--;
        }

        Prep(2, (used + 1) * 2); // room for the whole vtable; no padding, the table end is 4-aligned
        for (var i = used - 1; i >= 0; i--)
        {
            PutInt16((short)(_fields[i] == 0 ? 0 : tableOffset - _fields[i]));
        }

        PutInt16((short)(tableOffset - _tableStart));
        PutInt16((short)((used + 2) * 2));
        var vtableOffset = Offset;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_buffer.Length - tableOffset), vtableOffset - tableOffset);
        _tableStart = -1;
        return tableOffset;
    }

    public int CreateString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Prep(4, length + 1);
        _buffer[--_head] = 0;
        _head -= length;
        Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_head, length));
        PutInt32(length);
        return Offset;
    }

    /// <summary>A vector of references, in order.</summary>
    public int CreateOffsetVector(ReadOnlySpan<int> offsets)
    {
        Prep(4, 4 * offsets.Length);
        for (var i = offsets.Length - 1; i >= 0; i--)
        {
            AddOffset(offsets[i]);
        }

        PutInt32(offsets.Length);
        return Offset;
    }

    /// <summary>
    /// A vector of fixed-size structs. <paramref name="write"/> fills element <c>i</c>'s bytes (little-endian,
    /// padded as the schema lays the struct out).
    /// </summary>
    public int CreateStructVector(int count, int structSize, int alignment, SpanAction write)
    {
        Prep(Math.Max(4, alignment), structSize * count);
        for (var i = count - 1; i >= 0; i--)
        {
            _head -= structSize;
            var element = _buffer.AsSpan(_head, structSize);
            element.Clear();
            write(element, i);
        }

        PutInt32(count);
        return Offset;
    }

    public delegate void SpanAction(Span<byte> element, int index);

    /// <summary>Writes the root reference and returns the finished buffer.</summary>
    public ReadOnlyMemory<byte> Finish(int root)
    {
        Prep(_minAlign, 4);
        AddOffset(root);
        return _buffer.AsMemory(_head);
    }

    private void Slot(int field)
    {
        if (_tableStart < 0 || (uint)field >= (uint)_fieldCount)
        {
            throw new InvalidOperationException($"Field {field} is outside the table being built.");
        }

        _fields[field] = Offset;
    }

    private void AddOffset(int offset)
    {
        Prep(4, 0);
        if (offset > Offset)
        {
            throw new InvalidOperationException("An offset must refer to an object written earlier.");
        }

        PutInt32(Offset - offset + 4);
    }

    private void AddOffsetPlaceholder()
    {
        Prep(4, 0);
        PutInt32(0);
    }

    // Pads so that, after 'additional' more bytes, a value of 'size' bytes is aligned to its size.
    private void Prep(int size, int additional)
    {
        _minAlign = Math.Max(_minAlign, size);
        var padding = (-(Offset + additional)) & (size - 1);
        var needed = padding + size + additional;
        if (_head < needed)
        {
            Grow(needed);
        }

        for (var i = 0; i < padding; i++)
        {
            _buffer[--_head] = 0;
        }
    }

    private void Grow(int needed)
    {
        var used = Offset;
        var bigger = new byte[Math.Max(_buffer.Length * 2, used + needed + 16)];
        _buffer.AsSpan(_head).CopyTo(bigger.AsSpan(bigger.Length - used));
        _buffer = bigger;
        _head = bigger.Length - used;
    }

    private void PutInt16(short value)
    {
        _head -= 2;
        BinaryPrimitives.WriteInt16LittleEndian(_buffer.AsSpan(_head), value);
    }

    private void PutInt32(int value)
    {
        _head -= 4;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_head), value);
    }
}
