using System.Buffers;
using Quiver.Arrow.FlatBuffers;
using Quiver.Arrow.Ipc;
using static Quiver.Arrow.Ipc.FlatbufferIds;

namespace Quiver.Arrow.Tests;

/// <summary>Builds deliberately inconsistent IPC messages: record batches with any nodes, buffers and body.</summary>
internal static class MessageForge
{
    public static byte[] RecordBatch(long length, (long Length, long NullCount)[] nodes, (long Offset, long Length)[] buffers, byte[] body)
    {
        var fb = new FlatBufferBuilder();
        return Message(fb, Header.RecordBatch, MessageEncoder.WriteRecordBatch(fb, length, nodes, buffers), body);
    }

    public static byte[] Message(FlatBufferBuilder fb, byte headerType, int header, byte[] body, short version = MetadataV5)
    {
        var metadata = MessageEncoder.Finish(fb, headerType, header, body.Length, version);
        var output = new ArrayBufferWriter<byte>();
        ArrowIpcEncoder.Write(new EncodedMessage(metadata, [body], body.Length), output);
        return output.WrittenSpan.ToArray();
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
