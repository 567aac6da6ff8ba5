using System.IO.Pipelines;
using System.Text.Json.Nodes;

namespace Quiver.Arrow.Tests.Interop;

/// <summary>apache-arrow writes every case; Quiver reads it three ways and must see exactly what apache-arrow sees.</summary>
public sealed class ApacheArrowWritesQuiverReadsTests(JsWrittenStreams streams) : IClassFixture<JsWrittenStreams>
{
    public static TheoryData<string> Cases => ["primitives", "nested", "dictionary", "zero_rows", "empty_batch", "large_strings", "metadata"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stream_reader_sees_every_value_apache_arrow_wrote(string name)
    {
        using var file = File.OpenRead(streams.PathOf($"{name}.arrow"));
        using var reader = new ArrowStreamReader(file);
        AssertSame(name, ReadAll(reader));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Pipe_reader_sees_every_value_apache_arrow_wrote(string name)
    {
        await using var file = File.OpenRead(streams.PathOf($"{name}.arrow"));
        var pipe = PipeReader.Create(file, new StreamPipeReaderOptions(bufferSize: 4096));
        var reader = new ArrowStreamReader(pipe);
        var schema = await reader.ReadSchemaAsync();
        var batches = new List<ArrowRecordBatch>();
        while (await reader.ReadNextBatchAsync() is { } batch)
        {
            batches.Add(batch);
        }

        AssertSame(name, CanonicalJson.Stream(schema, batches));
        batches.ForEach(b => b.Dispose());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Message_decoder_sees_every_value_apache_arrow_wrote(string name)
    {
        ReadOnlyMemory<byte> bytes = File.ReadAllBytes(streams.PathOf($"{name}.arrow"));
        var splitter = new ArrowIpcDecoder(); // only finds where each message ends
        var decoder = new ArrowIpcDecoder();
        var batches = new List<ArrowRecordBatch>();
        while (!bytes.IsEmpty)
        {
            // One message at a time, as the transport delivers them: Decode takes exactly one message.
            splitter.Decode(bytes, out var consumed);
            var message = decoder.Decode(bytes[..consumed]);
            if (message.Batch is { } batch)
            {
                batches.Add(batch);
            }

            bytes = bytes[consumed..];
        }

        Assert.True(decoder.IsCompleted);
        AssertSame(name, CanonicalJson.Stream(decoder.Schema!, batches));
    }

    [Fact]
    public void A_dictionary_delta_from_apache_arrow_extends_the_dictionary()
    {
        ReadOnlyMemory<byte> bytes = File.ReadAllBytes(streams.PathOf("dictionary.arrow"));
        var decoder = new ArrowIpcDecoder();
        var kinds = new List<string>();
        while (!bytes.IsEmpty)
        {
            var message = decoder.Decode(bytes, out var consumed);
            kinds.Add(message.Kind == ArrowIpcMessageKind.DictionaryBatch ? $"dictionary {message.DictionaryId}{(message.IsDelta ? " delta" : "")}" : message.Kind.ToString());
            bytes = bytes[consumed..];
        }

        Assert.Contains("dictionary 0 delta", kinds);
        Assert.Equal(3, kinds.Count(k => k == "RecordBatch"));
    }

    [Fact]
    public void A_compressed_batch_is_rejected_as_not_supported()
    {
        using var file = File.OpenRead(streams.PathOf("compressed_lz4.arrow"));
        using var reader = new ArrowStreamReader(file);
        Assert.Equal("n", reader.ReadSchema().Fields[0].Name);
        var error = Assert.Throws<ArrowFormatException>(() => reader.ReadNextBatch());
        Assert.Contains("LZ4_FRAME", error.Message, StringComparison.Ordinal);
        Assert.Contains("not supported", error.Message, StringComparison.Ordinal);
    }

    private static JsonObject ReadAll(ArrowStreamReader reader)
    {
        var schema = reader.ReadSchema();
        var batches = new List<ArrowRecordBatch>();
        while (reader.ReadNextBatch() is { } batch)
        {
            batches.Add(batch);
        }

        var json = CanonicalJson.Stream(schema, batches);
        batches.ForEach(b => b.Dispose());
        return json;
    }

    private void AssertSame(string name, JsonObject quiver)
    {
        var expected = JsonNode.Parse(File.ReadAllText(streams.PathOf($"{name}.json")));
        if (CanonicalJson.FirstDifference(expected, quiver) is { } difference)
        {
            Assert.Fail($"Case '{name}': Quiver read differently from apache-arrow at {difference}");
        }
    }
}
