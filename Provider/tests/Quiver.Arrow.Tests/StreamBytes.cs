namespace Quiver.Arrow.Tests;

/// <summary>Writes and reads whole streams in memory for the tests.</summary>
internal static class StreamBytes
{
    public static byte[] Write(ArrowSchema schema, IEnumerable<ArrowRecordBatch> batches)
    {
        using var memory = new MemoryStream();
        using (var writer = new ArrowStreamWriter(memory, schema, leaveOpen: true))
        {
            foreach (var batch in batches)
            {
                writer.WriteBatch(batch);
            }

            writer.WriteEnd();
        }

        return memory.ToArray();
    }

    public static byte[] Random(ArrowSchema schema, int seed, params int[] lengths)
    {
        var random = new RandomValues(seed);
        using var builder = new ArrowRecordBatchBuilder(schema);
        var batches = lengths.Select(length => random.Batch(builder, length)).ToList();
        var bytes = Write(schema, batches);
        batches.ForEach(b => b.Dispose());
        return bytes;
    }

    public static (ArrowSchema Schema, List<ArrowRecordBatch> Batches) Read(byte[] bytes, ArrowReaderOptions? options = null)
    {
        using var reader = new ArrowStreamReader(new MemoryStream(bytes), options);
        var schema = reader.ReadSchema();
        var batches = new List<ArrowRecordBatch>();
        while (reader.ReadNextBatch() is { } batch)
        {
            batches.Add(batch);
        }

        return (schema, batches);
    }
}
