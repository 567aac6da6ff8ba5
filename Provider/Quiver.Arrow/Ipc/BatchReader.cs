using System.Buffers.Binary;
using Quiver.Arrow.FlatBuffers;
using static Quiver.Arrow.Ipc.FlatbufferIds;

namespace Quiver.Arrow.Ipc;

/// <summary>
/// Turns a flatbuffer RecordBatch and its message body into arrays that view the body. Every node and buffer is
/// checked against the schema and the body before any array is created, so accessors can trust their buffers.
/// </summary>
internal ref struct BatchReader
{
    private readonly FlatBufferReader _fb;
    private readonly ReadOnlyMemory<byte> _body;
    private readonly Func<ArrowDictionaryEncoding, string, ArrowArray> _dictionaries;
    private readonly string _what;
    private FlatVector _nodes;
    private FlatVector _buffers;
    private int _node;
    private int _buffer;

    public BatchReader(FlatBufferReader fb, ReadOnlyMemory<byte> body, Func<ArrowDictionaryEncoding, string, ArrowArray> dictionaries, string what)
    {
        _fb = fb;
        _body = body;
        _dictionaries = dictionaries;
        _what = what;
    }

    /// <summary>Reads one array per field; returns the batch's row count.</summary>
    public int Read(FlatTable batch, IReadOnlyList<ArrowField> fields, ArrowArray[] columns)
    {
        if (_fb.GetTable(batch, RecordBatchField.Compression) is { } compression)
        {
            var codec = _fb.GetByte(compression, 0) switch { 0 => "LZ4_FRAME", 1 => "ZSTD", var c => $"codec {c}" };
            throw new ArrowFormatException(
                $"The {_what} is compressed with {codec}: body compression is not supported; write the stream uncompressed.");
        }

        var length = _fb.GetInt64(batch, RecordBatchField.Length);
        if (length is < 0 or > int.MaxValue)
        {
            throw Bad($"its length {length} is outside 0..{int.MaxValue}");
        }

        _nodes = _fb.GetVector(batch, RecordBatchField.Nodes, 16);
        _buffers = _fb.GetVector(batch, RecordBatchField.Buffers, 16);
        for (var i = 0; i < fields.Count; i++)
        {
            columns[i] = ReadArray(fields[i], fields[i].Name);
            if (columns[i].Length != length)
            {
                throw Bad($"column '{fields[i].Name}' has {columns[i].Length} rows but the batch has {length}");
            }
        }

        if (_node != _nodes.Count || _buffer != _buffers.Count)
        {
            throw Bad($"it has {_nodes.Count} field nodes and {_buffers.Count} buffers but the schema describes {_node} and {_buffer}");
        }

        return (int)length;
    }

    private ArrowArray ReadArray(ArrowField field, string path)
    {
        var (length, nullCount) = NextNode(path);
        if (field.Type.Id == ArrowTypeId.Null)
        {
            return new NullArray(length);
        }

        var validity = NextBuffer(path, "validity");
        if (nullCount > 0 && validity.Length < BitmapBytes(length))
        {
            throw Bad($"column '{path}' has {nullCount} nulls but a validity bitmap of {validity.Length} bytes for {length} rows");
        }

        if (field.Dictionary is { } encoding)
        {
            var indices = ReadFixedWidth(encoding.IndexType, length, nullCount, validity, path);
            var dictionary = _dictionaries(encoding, path);
            ArrowArrayChecks.CheckIndices(indices, dictionary.Length, path);
            return new DictionaryArray(encoding, indices, dictionary);
        }

        var type = field.Type;
        switch (type.Id)
        {
            case ArrowTypeId.Boolean:
                var bits = NextBuffer(path, "values");
                CheckSize(bits, BitmapBytes(length), path, "values");
                return new BooleanArray(length, nullCount, validity, bits);
            case ArrowTypeId.Utf8 or ArrowTypeId.LargeUtf8 or ArrowTypeId.Binary or ArrowTypeId.LargeBinary:
                var large = type.Id is ArrowTypeId.LargeUtf8 or ArrowTypeId.LargeBinary;
                var offsets = Offsets(length, large, path);
                var data = NextBuffer(path, "data");
                ArrowArrayChecks.CheckOffsets(offsets.Span, length, large, data.Length, path);
                return new BinaryArray(type, length, nullCount, validity, offsets, data);
            case ArrowTypeId.List or ArrowTypeId.LargeList or ArrowTypeId.Map:
                var largeList = type.Id == ArrowTypeId.LargeList;
                var listOffsets = Offsets(length, largeList, path);
                var items = ReadArray(type.Children[0], $"{path}.{type.Children[0].Name}");
                ArrowArrayChecks.CheckOffsets(listOffsets.Span, length, largeList, items.Length, path);
                return new ListArray(type, length, nullCount, validity, listOffsets, items);
            case ArrowTypeId.FixedSizeList:
                var values = ReadArray(type.Children[0], $"{path}.{type.Children[0].Name}");
                if (values.Length < (long)length * type.ListSize)
                {
                    throw Bad($"column '{path}' needs {(long)length * type.ListSize} list items but its child has {values.Length}");
                }

                return new FixedSizeListArray(type, length, nullCount, validity, values);
            case ArrowTypeId.Struct:
                var children = new ArrowArray[type.Children.Count];
                for (var i = 0; i < children.Length; i++)
                {
                    children[i] = ReadArray(type.Children[i], $"{path}.{type.Children[i].Name}");
                    if (children[i].Length < length)
                    {
                        throw Bad($"struct field '{path}.{type.Children[i].Name}' has {children[i].Length} rows but the struct has {length}");
                    }
                }

                return new StructArray(type, length, nullCount, validity, children);
            default:
                return ReadFixedWidth(type, length, nullCount, validity, path);
        }
    }

    private PrimitiveArray ReadFixedWidth(ArrowType type, int length, int nullCount, ReadOnlyMemory<byte> validity, string path)
    {
        var values = NextBuffer(path, "values");
        CheckSize(values, (long)length * type.ByteWidth, path, "values");
        return new PrimitiveArray(type, length, nullCount, validity, values);
    }

    private ReadOnlyMemory<byte> Offsets(int length, bool large, string path)
    {
        var offsets = NextBuffer(path, "offsets");
        if (length > 0)
        {
            CheckSize(offsets, (length + 1L) * (large ? 8 : 4), path, "offsets");
        }

        return offsets;
    }

    private (int Length, int NullCount) NextNode(string path)
    {
        if (_node >= _nodes.Count)
        {
            throw Bad($"it has {_nodes.Count} field nodes, too few for the schema (column '{path}')");
        }

        var node = _fb.GetElement(_nodes, _node++);
        var length = BinaryPrimitives.ReadInt64LittleEndian(node);
        var nullCount = BinaryPrimitives.ReadInt64LittleEndian(node[8..]);
        if (length is < 0 or > int.MaxValue || nullCount < 0 || nullCount > length)
        {
            throw Bad($"column '{path}' has length {length} and null count {nullCount}");
        }

        return ((int)length, (int)nullCount);
    }

    private ReadOnlyMemory<byte> NextBuffer(string path, string role)
    {
        if (_buffer >= _buffers.Count)
        {
            throw Bad($"it has {_buffers.Count} buffers, too few for the schema (the {role} of column '{path}')");
        }

        var buffer = _fb.GetElement(_buffers, _buffer++);
        var offset = BinaryPrimitives.ReadInt64LittleEndian(buffer);
        var length = BinaryPrimitives.ReadInt64LittleEndian(buffer[8..]);
        if (offset < 0 || length < 0 || offset > _body.Length || length > _body.Length - offset)
        {
            throw Bad($"the {role} buffer of column '{path}' (offset {offset}, length {length}) lies outside the {_body.Length}-byte body");
        }

        return _body.Slice((int)offset, (int)length);
    }

    private void CheckSize(ReadOnlyMemory<byte> buffer, long needed, string path, string role)
    {
        if (buffer.Length < needed)
        {
            throw Bad($"the {role} buffer of column '{path}' has {buffer.Length} bytes but {needed} are needed");
        }
    }

    private static long BitmapBytes(int length) => (length + 7L) / 8;

    private ArrowFormatException Bad(string problem) => new($"Invalid {_what}: {problem}.");
}
