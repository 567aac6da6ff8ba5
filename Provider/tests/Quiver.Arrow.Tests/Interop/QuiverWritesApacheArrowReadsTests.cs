using System.Buffers;
using System.Text.Json.Nodes;

namespace Quiver.Arrow.Tests.Interop;

/// <summary>
/// Quiver writes every case; apache-arrow reads each stream and interop.mjs compares its canonical form, value by value,
/// with the canonical form of the batches Quiver wrote.
/// </summary>
public sealed class QuiverWritesApacheArrowReadsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("quiver-arrow-cs-").FullName;

    [Fact]
    public void Apache_arrow_reads_every_value_Quiver_wrote()
    {
        Write("primitives", TestSchemas.Primitives, [37, 0, 200], seed: 1);
        Write("nested", TestSchemas.Nested, [25, 60, 1], seed: 2);
        Write("zero_rows", TestSchemas.Primitives, [], seed: 3);
        Write("empty_batch", TestSchemas.Nested, [0], seed: 4);
        Write("metadata", MetadataSchema, [10], seed: 5);
        WriteDictionaries();
        WriteLargeStrings();
        WriteThroughEncoder("encoder_messages", TestSchemas.Nested, [7, 3], seed: 6);

        var (exitCode, output) = NodeInterop.Run("check", _folder);
        Assert.True(exitCode == 0, $"apache-arrow disagreed with what Quiver wrote:\n{output}");
        Assert.Equal(8, output.Split('\n').Count(line => line.StartsWith("ok ", StringComparison.Ordinal)));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ArrowSchema MetadataSchema { get; } = new(
        [
            new("id", ArrowType.Int64, nullable: false, metadata: new Dictionary<string, string> { ["comment"] = "primary key", ["empty"] = "" }),
            new("label", ArrowType.Utf8, metadata: new Dictionary<string, string> { ["encoding"] = "utf-8" }),
        ],
        new Dictionary<string, string> { ["k"] = "v" });

    private void Write(string name, ArrowSchema schema, int[] lengths, int seed)
    {
        var random = new RandomValues(seed);
        using var builder = new ArrowRecordBatchBuilder(schema);
        var batches = lengths.Select(length => random.Batch(builder, length)).ToList();
        Save(name, schema, batches);
    }

    private void WriteThroughEncoder(string name, ArrowSchema schema, int[] lengths, int seed)
    {
        var random = new RandomValues(seed);
        using var builder = new ArrowRecordBatchBuilder(schema);
        var batches = lengths.Select(length => random.Batch(builder, length)).ToList();
        var encoder = new ArrowIpcEncoder(schema);
        var output = new ArrayBufferWriter<byte>();
        encoder.WriteSchema(output);
        batches.ForEach(batch => encoder.WriteBatch(batch, output));
        ArrowIpcEncoder.WriteEndOfStream(output);
        File.WriteAllBytes(Path.Combine(_folder, $"{name}.arrow"), output.WrittenSpan.ToArray());
        File.WriteAllText(Path.Combine(_folder, $"{name}.json"), CanonicalJson.Stream(schema, batches).ToJsonString());
        batches.ForEach(b => b.Dispose());
    }

    private void WriteDictionaries()
    {
        var colour = new ArrowField("colour", ArrowType.Utf8, dictionary: new ArrowDictionaryEncoding(0, ArrowType.Int32));
        var small = new ArrowField("small", ArrowType.Utf8, dictionary: new ArrowDictionaryEncoding(1, ArrowType.Int8, isOrdered: true));
        var wide = new ArrowField("wide", ArrowType.Int64, nullable: false, dictionary: new ArrowDictionaryEncoding(2, ArrowType.UInt16));
        var schema = new ArrowSchema([colour, small, wide, new ArrowField("n", ArrowType.Int32)], new Dictionary<string, string> { ["origin"] = "Quiver" });
        var words = Strings(["red", "green", "blue", "ünïcödé", ""]);
        var grown = Strings(["red", "green", "blue", "ünïcödé", "", "cyan", "magenta", "🏹"]);
        var replaced = Strings(["north", "south"]);
        using var wideBuilder = (PrimitiveArrayBuilder)ArrowArrayBuilder.Create(new("v", ArrowType.Int64));
        wideBuilder.AppendRange<long>([long.MinValue, 0, long.MaxValue]);
        var wideValues = wideBuilder.Build();

        var random = new RandomValues(8, nullEvery: 4);
        using var builder = new ArrowRecordBatchBuilder(schema);
        builder.Column<DictionaryArrayBuilder>(1).Dictionary = words;
        builder.Column<DictionaryArrayBuilder>(2).Dictionary = wideValues;
        var batches = new List<ArrowRecordBatch>();
        // the first dictionary; the same again (no message); grown (a delta); then a different one (a replacement)
        foreach (var (dictionary, rows) in new[] { (words, 20), (words, 9), (grown, 30), (replaced, 5) })
        {
            builder.Column<DictionaryArrayBuilder>(0).Dictionary = dictionary;
            batches.Add(random.Batch(builder, rows));
        }

        Save("dictionary", schema, batches);
    }

    private void WriteLargeStrings()
    {
        var schema = new ArrowSchema([new("s", ArrowType.Utf8), new("ls", ArrowType.LargeUtf8)]);
        var values = new List<string> { string.Concat(Enumerable.Repeat("🏹", 3 * 1024 * 1024 / 4)) + "end" };
        values.AddRange(Enumerable.Range(0, 2000).Select(i => $"row {i} " + new string('x', 1000 + (i % 37)) + " Ω"));
        using var builder = new ArrowRecordBatchBuilder(schema);
        values.ForEach(builder.Column<BinaryArrayBuilder>(0).Append);
        values.AsEnumerable().Reverse().ToList().ForEach(builder.Column<BinaryArrayBuilder>(1).Append);
        Save("large_strings", schema, [builder.Build()]);
    }

    private void Save(string name, ArrowSchema schema, List<ArrowRecordBatch> batches)
    {
        using (var file = File.Create(Path.Combine(_folder, $"{name}.arrow")))
        using (var writer = new ArrowStreamWriter(file, schema))
        {
            batches.ForEach(writer.WriteBatch);
            writer.WriteEnd();
        }

        JsonObject json = CanonicalJson.Stream(schema, batches);
        File.WriteAllText(Path.Combine(_folder, $"{name}.json"), json.ToJsonString());
        batches.ForEach(b => b.Dispose());
    }

    private static ArrowArray Strings(string[] values)
    {
        using var builder = (BinaryArrayBuilder)ArrowArrayBuilder.Create(new("v", ArrowType.Utf8));
        foreach (var value in values)
        {
            builder.Append(value);
        }

        return builder.Build();
    }
}
