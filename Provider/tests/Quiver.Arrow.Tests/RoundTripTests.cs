using System.Buffers;
using System.IO.Pipelines;
using Quiver.Arrow.Tests.Interop;

namespace Quiver.Arrow.Tests;

public sealed class RoundTripTests
{
    public static TheoryData<string> Schemas => ["primitives", "nested"];

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Stream_writer_output_reads_back_identically(string name)
    {
        var schema = SchemaNamed(name);
        var random = new RandomValues(11);
        using var builder = new ArrowRecordBatchBuilder(schema);
        var written = new[] { 50, 0, 130 }.Select(n => random.Batch(builder, n)).ToList();
        var bytes = StreamBytes.Write(schema, written);

        var (readSchema, read) = StreamBytes.Read(bytes);

        Assert.Equal(schema, readSchema);
        Assert.Equal(
            CanonicalJson.Stream(schema, written).ToJsonString(),
            CanonicalJson.Stream(readSchema, read).ToJsonString());
    }

    [Fact]
    public async Task Pipe_reader_reads_a_stream_fed_in_small_pieces()
    {
        var bytes = StreamBytes.Random(TestSchemas.Nested, 3, 40, 40);
        var pipe = new Pipe();
        var feeding = Task.Run(async () =>
        {
            for (var i = 0; i < bytes.Length; i += 7)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(7, bytes.Length - i)));
            }

            await pipe.Writer.CompleteAsync();
        });
        var reader = new ArrowStreamReader(pipe.Reader);
        var rows = 0;
        while (await reader.ReadNextBatchAsync() is { } batch)
        {
            rows += batch.Length;
            batch.Dispose();
        }

        await feeding;
        Assert.Equal(80, rows);
    }

    [Fact]
    public void Encoder_messages_decode_one_at_a_time()
    {
        var schema = TestSchemas.Primitives;
        using var builder = new ArrowRecordBatchBuilder(schema);
        using var batch = new RandomValues(5).Batch(builder, 25);
        var encoder = new ArrowIpcEncoder(schema);
        var decoder = new ArrowIpcDecoder();

        var output = new ArrayBufferWriter<byte>();
        encoder.WriteSchema(output);
        Assert.Equal(ArrowIpcMessageKind.Schema, decoder.Decode(output.WrittenMemory.ToArray()).Kind);
        output.ResetWrittenCount();
        encoder.WriteBatch(batch, output);
        using var decoded = decoder.Decode(output.WrittenMemory.ToArray()).Batch!;
        output.ResetWrittenCount();
        ArrowIpcEncoder.WriteEndOfStream(output);
        Assert.Equal(ArrowIpcMessageKind.EndOfStream, decoder.Decode(output.WrittenMemory.ToArray()).Kind);

        Assert.Equal(CanonicalJson.Stream(schema, [batch]).ToJsonString(), CanonicalJson.Stream(schema, [decoded]).ToJsonString());
    }

    [Fact]
    public void Every_message_and_body_buffer_is_8_byte_aligned()
    {
        var bytes = StreamBytes.Random(TestSchemas.Primitives, 9, 3, 17);
        ReadOnlyMemory<byte> rest = bytes;
        var decoder = new ArrowIpcDecoder();
        while (!rest.IsEmpty)
        {
            Assert.Equal(0, (bytes.Length - rest.Length) % 8);
            Assert.Equal(-1, BitConverter.ToInt32(rest.Span));
            Assert.Equal(0, BitConverter.ToInt32(rest.Span[4..]) % 8);
            decoder.Decode(rest, out var consumed);
            rest = rest[consumed..];
        }
    }

    [Fact]
    public void Writer_sends_a_dictionary_once_then_deltas_for_growth_and_replacements_for_changes()
    {
        var field = new ArrowField("e", ArrowType.Utf8, dictionary: new ArrowDictionaryEncoding(7));
        var schema = new ArrowSchema([field]);
        using var builder = new ArrowRecordBatchBuilder(schema);
        var column = builder.Column<DictionaryArrayBuilder>(0);
        var batches = new List<ArrowRecordBatch>();
        var first = Utf8(["a", "b"]);
        foreach (var dictionary in new[] { first, first, Utf8(["a", "b", "c"]), Utf8(["z"]) })
        {
            column.Dictionary = dictionary;
            column.AppendIndex(dictionary.Length - 1);
            column.AppendNull();
            batches.Add(builder.Build());
        }

        var kinds = Messages(StreamBytes.Write(schema, batches));

        Assert.Equal(
            ["Schema", "dictionary 7", "RecordBatch", "RecordBatch", "dictionary 7 delta", "RecordBatch", "dictionary 7", "RecordBatch", "EndOfStream"],
            kinds);
        var (_, read) = StreamBytes.Read(StreamBytes.Write(schema, batches));
        Assert.Equal(["b", "b", "c", "z"], read.Select(b => (DictionaryArray)b.Columns[0]).Select(a => ((BinaryArray)a.Dictionary).GetString(a.GetIndex(0))));
        Assert.All(read, b => Assert.True(b.Columns[0].IsNull(1)));
    }

    private static List<string> Messages(byte[] bytes)
    {
        var decoder = new ArrowIpcDecoder();
        var kinds = new List<string>();
        ReadOnlyMemory<byte> rest = bytes;
        while (!rest.IsEmpty)
        {
            var message = decoder.Decode(rest, out var consumed);
            kinds.Add(message.Kind == ArrowIpcMessageKind.DictionaryBatch
                ? $"dictionary {message.DictionaryId}{(message.IsDelta ? " delta" : "")}"
                : message.Kind.ToString());
            rest = rest[consumed..];
        }

        return kinds;
    }

    private static ArrowArray Utf8(string[] values)
    {
        using var builder = (BinaryArrayBuilder)ArrowArrayBuilder.Create(new("v", ArrowType.Utf8));
        foreach (var value in values)
        {
            builder.Append(value);
        }

        return builder.Build();
    }

    private static ArrowSchema SchemaNamed(string name) => name == "primitives" ? TestSchemas.Primitives : TestSchemas.Nested;
}
