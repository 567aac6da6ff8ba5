using System.Buffers.Binary;
using Quiver.Arrow.FlatBuffers;
using static Quiver.Arrow.Ipc.FlatbufferIds;

namespace Quiver.Arrow.Ipc;

/// <summary>Lays out schema, record batch and dictionary batch messages (Message.fbs, metadata version V5).</summary>
internal static class MessageEncoder
{
    public static EncodedMessage Schema(ArrowSchema schema)
    {
        var fb = new FlatBufferBuilder(1024);
        var header = SchemaWriter.Write(fb, schema);
        return new EncodedMessage(Finish(fb, Header.Schema, header, 0), [], 0);
    }

    public static EncodedMessage RecordBatch(int length, IReadOnlyList<ArrowArray> columns)
    {
        var layout = Layout(columns);
        var fb = new FlatBufferBuilder(256 + (layout.Nodes.Count * 16) + (layout.Buffers.Count * 16));
        var batch = WriteRecordBatch(fb, length, layout);
        return new EncodedMessage(Finish(fb, Header.RecordBatch, batch, layout.BodyLength), layout.Body, layout.BodyLength);
    }

    public static EncodedMessage DictionaryBatch(long id, ArrowArray values, bool isDelta)
    {
        var layout = Layout([values]);
        var fb = new FlatBufferBuilder(256 + (layout.Nodes.Count * 16) + (layout.Buffers.Count * 16));
        var data = WriteRecordBatch(fb, values.Length, layout);
        fb.StartTable(DictionaryBatchField.Count);
        fb.AddInt64(DictionaryBatchField.Id, id);
        fb.AddOffset(DictionaryBatchField.Data, data);
        fb.AddBool(DictionaryBatchField.IsDelta, isDelta);
        var header = fb.EndTable();
        return new EncodedMessage(Finish(fb, Header.DictionaryBatch, header, layout.BodyLength), layout.Body, layout.BodyLength);
    }

    private static int WriteRecordBatch(FlatBufferBuilder fb, int length, BodyLayout layout)
        => WriteRecordBatch(fb, length, layout.Nodes, layout.Buffers);

    /// <summary>A RecordBatch table from its field nodes and buffer locations (tests use it to forge inconsistent ones).</summary>
    internal static int WriteRecordBatch(
        FlatBufferBuilder fb, long length, IReadOnlyList<(long Length, long NullCount)> nodeList, IReadOnlyList<(long Offset, long Length)> bufferList)
    {
        var nodes = fb.CreateStructVector(nodeList.Count, 16, 8, (span, i) =>
        {
            BinaryPrimitives.WriteInt64LittleEndian(span, nodeList[i].Length);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], nodeList[i].NullCount);
        });
        var buffers = fb.CreateStructVector(bufferList.Count, 16, 8, (span, i) =>
        {
            BinaryPrimitives.WriteInt64LittleEndian(span, bufferList[i].Offset);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], bufferList[i].Length);
        });
        fb.StartTable(RecordBatchField.Count);
        fb.AddInt64(RecordBatchField.Length, length);
        fb.AddOffset(RecordBatchField.Nodes, nodes);
        fb.AddOffset(RecordBatchField.Buffers, buffers);
        return fb.EndTable();
    }

    /// <summary>The Message table around a header; the finished metadata flatbuffer.</summary>
    internal static ReadOnlyMemory<byte> Finish(FlatBufferBuilder fb, byte headerType, int header, long bodyLength, short version = MetadataV5)
    {
        fb.StartTable(MessageField.Count);
        fb.AddInt16(MessageField.Version, version);
        fb.AddByte(MessageField.HeaderType, headerType);
        fb.AddOffset(MessageField.Header, header);
        fb.AddInt64(MessageField.BodyLength, bodyLength);
        return fb.Finish(fb.EndTable());
    }

    private static BodyLayout Layout(IReadOnlyList<ArrowArray> columns)
    {
        var layout = new BodyLayout();
        foreach (var column in columns)
        {
            layout.Add(column);
        }

        return layout;
    }

    private sealed class BodyLayout
    {
        public List<(long Length, long NullCount)> Nodes { get; } = [];

        public List<(long Offset, long Length)> Buffers { get; } = [];

        public List<ReadOnlyMemory<byte>> Body { get; } = [];

        public long BodyLength { get; private set; }

        public void Add(ArrowArray array)
        {
            Nodes.Add((array.Length, array.NullCount));
            if (array is NullArray)
            {
                return;
            }

            AddBuffer(array.NullCount == 0 ? default : array.Validity[..(int)((array.Length + 7L) / 8)]);
            foreach (var buffer in array.DataBuffers)
            {
                AddBuffer(buffer);
            }

            if (array is not DictionaryArray)
            {
                foreach (var child in array.Children)
                {
                    Add(child);
                }
            }
        }

        private void AddBuffer(ReadOnlyMemory<byte> buffer)
        {
            Buffers.Add((BodyLength, buffer.Length));
            if (buffer.Length > 0)
            {
                Body.Add(buffer);
                var padding = (int)(EncodedMessage.Align((long)buffer.Length) - buffer.Length);
                if (padding > 0)
                {
                    Body.Add(EncodedMessage.Padding.AsMemory(0, padding));
                }

                BodyLength += buffer.Length + padding;
            }
        }
    }
}
