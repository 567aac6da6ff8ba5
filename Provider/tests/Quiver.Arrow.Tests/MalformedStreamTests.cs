using System.Buffers.Binary;
using static Quiver.Arrow.Ipc.FlatbufferIds;

namespace Quiver.Arrow.Tests;

/// <summary>Hostile or broken bytes get one clear <see cref="ArrowFormatException"/> saying what and where.</summary>
public sealed class MalformedStreamTests
{
    private static readonly ArrowSchema Strings = new([new("s", ArrowType.Utf8)]);
    private static readonly ArrowSchema Longs = new([new("n", ArrowType.Int64)]);

    [Fact]
    public void A_buffer_past_the_end_of_the_body_is_rejected()
    {
        var batch = MessageForge.RecordBatch(1, [(1, 0)], [(0, 0), (0, 16)], new byte[8]);

        Assert.Contains("lies outside the 8-byte body", Decode(Longs, batch), StringComparison.Ordinal);
    }

    [Fact]
    public void A_values_buffer_too_small_for_the_length_is_rejected()
    {
        var batch = MessageForge.RecordBatch(3, [(3, 0)], [(0, 0), (0, 16)], new byte[16]);

        Assert.Contains("has 16 bytes but 24 are needed", Decode(Longs, batch), StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_that_go_backwards_are_rejected()
    {
        var body = new byte[24];
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(4), 5);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(8), 2);
        var batch = MessageForge.RecordBatch(2, [(2, 0)], [(0, 0), (0, 12), (16, 8)], body);

        Assert.Contains("offset 2 of column 's' is 2", Decode(Strings, batch), StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_past_the_data_are_rejected()
    {
        var body = new byte[24];
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(4), 100);
        var batch = MessageForge.RecordBatch(1, [(1, 0)], [(0, 0), (0, 8), (16, 8)], body);

        Assert.Contains("stay within 8", Decode(Strings, batch), StringComparison.Ordinal);
    }

    [Fact]
    public void An_impossible_node_is_rejected()
    {
        Assert.Contains("null count 5", Decode(Longs, MessageForge.RecordBatch(2, [(2, 5)], [(0, 0), (0, 16)], new byte[16])), StringComparison.Ordinal);
        Assert.Contains("length -1", Decode(Longs, MessageForge.RecordBatch(0, [(-1, 0)], [(0, 0), (0, 0)], [])), StringComparison.Ordinal);
        Assert.Contains("outside 0..", Decode(Longs, MessageForge.RecordBatch(long.MaxValue, [(1, 0)], [(0, 0), (0, 8)], new byte[8])), StringComparison.Ordinal);
    }

    [Fact]
    public void Nodes_and_buffers_must_match_the_schema()
    {
        Assert.Contains("too few for the schema", Decode(Longs, MessageForge.RecordBatch(1, [], [], [])), StringComparison.Ordinal);
        Assert.Contains("3 buffers but the schema describes 1 and 2",
            Decode(Longs, MessageForge.RecordBatch(1, [(1, 0)], [(0, 0), (0, 8), (0, 8)], new byte[8])), StringComparison.Ordinal);
        Assert.Contains("has 1 rows but the batch has 2",
            Decode(Longs, MessageForge.RecordBatch(2, [(1, 0)], [(0, 0), (0, 8)], new byte[8])), StringComparison.Ordinal);
    }

    [Fact]
    public void A_dictionary_index_outside_the_dictionary_is_rejected()
    {
        var field = new ArrowField("e", ArrowType.Utf8, dictionary: new ArrowDictionaryEncoding(0, ArrowType.Int32));
        using var builder = (DictionaryArrayBuilder)ArrowArrayBuilder.Create(field);
        using var values = (BinaryArrayBuilder)ArrowArrayBuilder.Create(new("v", ArrowType.Utf8));
        values.Append("only");
        builder.Dictionary = values.Build();
        builder.AppendIndex(0);
        var schema = new ArrowSchema([field]);
        var stream = StreamBytes.Write(schema, [new ArrowRecordBatch(schema, 1, [builder.Build()])]);
        // The record batch is the last message before the end marker; its body is the last 8 bytes: the index.
        BinaryPrimitives.WriteInt32LittleEndian(stream.AsSpan(stream.Length - 16), 3);

        var error = Assert.Throws<ArrowFormatException>(() => StreamBytes.Read(stream));
        Assert.Contains("refers to dictionary entry 3 but the dictionary has 1 entries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_rejected()
    {
        var type = ArrowType.Int32;
        for (var i = 0; i < 70; i++)
        {
            type = ArrowType.List(new("item", type));
        }

        var stream = StreamBytes.Write(new ArrowSchema([new("deep", type)]), []);

        var error = Assert.Throws<ArrowFormatException>(() => StreamBytes.Read(stream));
        Assert.Contains("deeper than 64 levels", error.Message, StringComparison.Ordinal);
        Assert.Equal(70, Depth(StreamBytes.Read(stream, new ArrowReaderOptions { MaxNestingDepth = 100 }).Schema.Fields[0].Type));
    }

    [Fact]
    public void A_schema_that_shares_field_tables_to_multiply_its_fields_is_rejected()
    {
        // 10 levels of 100 references to one child: a 20 KB message describing 100^10 fields.
        var schema = MessageForge.RawSchema(fb =>
        {
            var field = MessageForge.Field(fb, "leaf", TypeTag.Null, []);
            for (var level = 0; level < 10; level++)
            {
                field = MessageForge.Field(fb, "s", TypeTag.Struct, [.. Enumerable.Repeat(field, 100)]);
            }

            return fb.CreateOffsetVector([field]);
        });

        var error = Assert.Throws<ArrowFormatException>(() => new ArrowIpcDecoder().Decode(schema));
        Assert.Contains("more than 10000 fields", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_features_are_named()
    {
        var union = MessageForge.RawSchema(fb => fb.CreateOffsetVector([MessageForge.Field(fb, "u", TypeTag.Union, [])]));
        var bigEndian = MessageForge.RawSchema(fb => fb.CreateOffsetVector([]), endianness: 1);

        Assert.Contains("Union type, which Quiver does not support", Error(() => new ArrowIpcDecoder().Decode(union)), StringComparison.Ordinal);
        Assert.Contains("big-endian", Error(() => new ArrowIpcDecoder().Decode(bigEndian)), StringComparison.Ordinal);
        var fb = new Quiver.Arrow.FlatBuffers.FlatBufferBuilder();
        fb.StartTable(1);
        var old = MessageForge.Message(fb, Header.Schema, fb.EndTable(), [], version: 2);
        Assert.Contains("V3", Error(() => new ArrowIpcDecoder().Decode(old)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_name_that_is_not_UTF_8_is_rejected()
    {
        var schema = MessageForge.Schema(new ArrowSchema([new("café", ArrowType.Int32)]));
        var at = schema.AsSpan().IndexOf("é"u8);
        schema[at + 1] = (byte)'('; // 0xC3 0x28 is not UTF-8

        Assert.Contains("not valid UTF-8", Error(() => new ArrowIpcDecoder().Decode(schema)), StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_out_of_order_are_rejected()
    {
        var batch = MessageForge.RecordBatch(0, [(0, 0)], [(0, 0), (0, 0)], []);
        var schema = MessageForge.Schema(Longs);

        Assert.Contains("before the schema", Error(() => new ArrowIpcDecoder().Decode(batch)), StringComparison.Ordinal);
        var decoder = new ArrowIpcDecoder();
        decoder.Decode(schema);
        Assert.Contains("second schema", Error(() => decoder.Decode(schema)), StringComparison.Ordinal);
        decoder.Decode(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0 });
        Assert.Contains("follows the end-of-stream marker", Error(() => decoder.Decode(batch)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_stream_says_how_much_is_missing()
    {
        var stream = StreamBytes.Random(Longs, 1, 100);
        var cut = stream[..(stream.Length - 40)];

        var error = Assert.Throws<ArrowFormatException>(() => StreamBytes.Read(cut));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_above_the_size_limit_are_refused_before_anything_is_allocated()
    {
        var huge = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xF0, 0xFF, 0xFF, 0x7F };
        Assert.Contains("MaxMessageBytes", Error(() => new ArrowIpcDecoder().Decode(huge)), StringComparison.Ordinal);

        var stream = StreamBytes.Random(Longs, 1, 100_000);
        var error = Assert.Throws<ArrowFormatException>(() => StreamBytes.Read(stream, new ArrowReaderOptions { MaxMessageBytes = 64 * 1024 }));
        Assert.Contains("MaxMessageBytes (65536)", error.Message, StringComparison.Ordinal);
    }

    private static string Decode(ArrowSchema schema, byte[] batch)
    {
        var decoder = new ArrowIpcDecoder();
        decoder.Decode(MessageForge.Schema(schema));
        return Error(() => decoder.Decode(batch));
    }

    private static string Error(Action action) => Assert.Throws<ArrowFormatException>(action).Message;

    private static int Depth(ArrowType type) => type.Children.Count == 0 ? 0 : 1 + Depth(type.Children[0].Type);
}
