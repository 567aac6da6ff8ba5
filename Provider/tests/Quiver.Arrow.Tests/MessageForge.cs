using System.Buffers.Binary;
using Quiver.Arrow.FlatBuffers;
using static Quiver.Arrow.Ipc.FlatbufferIds;

namespace Quiver.Arrow.Tests;

/// <summary>Builds deliberately inconsistent IPC messages: record batches with any nodes, buffers and body.</summary>
internal static class MessageForge
{
    public static byte[] RecordBatch(long length, (long Length, long NullCount)[] nodes, (long Offset, long Length)[] buffers, byte[] body)
    {
        var fb = new FlatBufferBuilder();
        var nodeVector = fb.CreateStructVector(nodes.Length, 16, 8, (span, i) =>
        {
            BinaryPrimitives.WriteInt64LittleEndian(span, nodes[i].Length);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], nodes[i].NullCount);
        });
        var bufferVector = fb.CreateStructVector(buffers.Length, 16, 8, (span, i) =>
        {
            BinaryPrimitives.WriteInt64LittleEndian(span, buffers[i].Offset);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], buffers[i].Length);
        });
        fb.StartTable(RecordBatchField.Count);
        fb.AddInt64(RecordBatchField.Length, length);
        fb.AddOffset(RecordBatchField.Nodes, nodeVector);
        fb.AddOffset(RecordBatchField.Buffers, bufferVector);
        return Message(fb, Header.RecordBatch, fb.EndTable(), body);
    }

    public static byte[] Message(FlatBufferBuilder fb, byte headerType, int header, byte[] body, short version = MetadataV5)
    {
        fb.StartTable(MessageField.Count);
        fb.AddInt16(MessageField.Version, version);
        fb.AddByte(MessageField.HeaderType, headerType);
        fb.AddOffset(MessageField.Header, header);
        fb.AddInt64(MessageField.BodyLength, body.Length);
        var metadata = fb.Finish(fb.EndTable()).ToArray();
        var padded = (metadata.Length + 7) & ~7;
        var message = new byte[8 + padded + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(message, -1);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(4), padded);
        metadata.CopyTo(message, 8);
        body.CopyTo(message, 8 + padded);
        return message;
    }

    /// <summary>The schema message of a stream Quiver writes for <paramref name="schema"/>.</summary>
    public static byte[] Schema(ArrowSchema schema)
    {
        var stream = StreamBytes.Write(schema, []);
        return stream[..^8]; // without the end-of-stream marker
    }

    /// <summary>A schema message whose field tree is built by <paramref name="fields"/> (returns the fields vector).</summary>
    public static byte[] RawSchema(Func<FlatBufferBuilder, int> fields, short endianness = 0)
    {
        var fb = new FlatBufferBuilder();
        var vector = fields(fb);
        fb.StartTable(SchemaField.Count);
        fb.AddInt16(SchemaField.Endianness, endianness);
        fb.AddOffset(SchemaField.Fields, vector);
        return Message(fb, Header.Schema, fb.EndTable(), []);
    }

    /// <summary>A field table with the given type tag and children (a type table with no fields).</summary>
    public static int Field(FlatBufferBuilder fb, string name, byte typeTag, int[] children)
    {
        var nameOffset = fb.CreateString(name);
        var childVector = fb.CreateOffsetVector(children);
        fb.StartTable(1);
        var type = fb.EndTable();
        fb.StartTable(FieldField.Count);
        fb.AddOffset(FieldField.Name, nameOffset);
        fb.AddBool(FieldField.Nullable, true);
        fb.AddByte(FieldField.TypeType, typeTag);
        fb.AddOffset(FieldField.Type, type);
        fb.AddOffset(FieldField.Children, childVector);
        return fb.EndTable();
    }
}
