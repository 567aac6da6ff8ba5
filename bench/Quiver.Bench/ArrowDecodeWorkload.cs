using System.Buffers;
using Quiver.Arrow;

namespace Quiver.Bench;

/// <summary>
/// Decodes a large in-memory Arrow IPC stream of (int64, float64, utf8 of ~12 bytes) in 65,536-row batches, compared
/// with a plain copy of the same bytes: how much the codec costs next to merely moving the data.
/// </summary>
internal sealed class ArrowDecodeWorkload(long rows, int runs)
{
    public const string Name = "arrow-decode";
    private const int BatchRows = 65_536;

    public IReadOnlyList<Measurement> Run()
    {
        var stream = BuildStream();
        var copy = new byte[stream.Length];
        var valueCount = rows * 3;
        Console.WriteLine($"{Name}: {stream.Length / 1e9:F2} GB stream of {rows:N0} rows");

        return
        [
            Measurement.Take("memory copy of the stream bytes", runs, () =>
            {
                stream.AsSpan().CopyTo(copy);
                return rows;
            }) with { Bytes = stream.Length },
            Measurement.Take("decode messages in memory (validated views), no value read", runs, () => Decode(stream, read: false))
                with { Bytes = stream.Length },
            Measurement.Take("decode + every value through typed getters (GetInt64, GetDouble, GetBytes)", runs, () => Decode(stream, read: true))
                with { Bytes = stream.Length, Values = valueCount },
            Measurement.Take("decode + every value through spans (GetValues<T>, offsets)", runs, () => Decode(stream, read: true, spans: true))
                with { Bytes = stream.Length, Values = valueCount },
            Measurement.Take("ArrowStreamReader over a MemoryStream (pooled body copy) + every value", runs, () => ReadStream(stream))
                with { Bytes = stream.Length, Values = valueCount },
        ];
    }

    private byte[] BuildStream()
    {
        var schema = new ArrowSchema([new("id", ArrowType.Int64), new("amount", ArrowType.Float64), new("name", ArrowType.Utf8)]);
        using var memory = new MemoryStream();
        using var writer = new ArrowStreamWriter(memory, schema, leaveOpen: true);
        using var builder = new ArrowRecordBatchBuilder(schema);
        var ids = builder.Column<PrimitiveArrayBuilder>(0);
        var amounts = builder.Column<PrimitiveArrayBuilder>(1);
        var names = builder.Column<BinaryArrayBuilder>(2);
        Span<byte> name = stackalloc byte[12];
        "customer-000"u8.CopyTo(name);
        for (long row = 0; row < rows; row++)
        {
            ids.Append(row);
            amounts.Append(row * 0.5);
            var suffix = (int)(row % 1000);
            name[9] = (byte)('0' + (suffix / 100));
            name[10] = (byte)('0' + (suffix / 10 % 10));
            name[11] = (byte)('0' + (suffix % 10));
            names.Append(name);
            if (builder.Length == BatchRows || row == rows - 1)
            {
                using var batch = builder.Build();
                writer.WriteBatch(batch);
            }
        }

        writer.WriteEnd();
        return memory.ToArray();
    }

    private static long Decode(byte[] stream, bool read, bool spans = false)
    {
        var decoder = new ArrowIpcDecoder();
        ReadOnlyMemory<byte> rest = stream;
        long count = 0;
        var checksum = 0d;
        while (!rest.IsEmpty)
        {
            var message = decoder.Decode(rest, out var consumed);
            rest = rest[consumed..];
            if (message.Batch is { } batch)
            {
                count += batch.Length;
                if (read)
                {
                    checksum += spans ? SumSpans(batch) : Sum(batch);
                }
            }
        }

        GC.KeepAlive(checksum);
        return count;
    }

    private static double SumSpans(ArrowRecordBatch batch)
    {
        var ids = ((PrimitiveArray)batch.Column(0)).GetValues<long>();
        var amounts = ((PrimitiveArray)batch.Column(1)).GetValues<double>();
        var names = (BinaryArray)batch.Column(2);
        var sum = 0d;
        for (var row = 0; row < ids.Length; row++)
        {
            sum += ids[row] + amounts[row];
        }

        for (var row = 0; row < names.Length; row++)
        {
            sum += names.GetValueLength(row);
        }

        return sum;
    }

    private static long ReadStream(byte[] stream)
    {
        using var reader = new ArrowStreamReader(new MemoryStream(stream, writable: false));
        long count = 0;
        var checksum = 0d;
        while (reader.ReadNextBatch() is { } batch)
        {
            using (batch)
            {
                count += batch.Length;
                checksum += Sum(batch);
            }
        }

        GC.KeepAlive(checksum);
        return count;
    }

    private static double Sum(ArrowRecordBatch batch)
    {
        var ids = (PrimitiveArray)batch.Column(0);
        var amounts = (PrimitiveArray)batch.Column(1);
        var names = (BinaryArray)batch.Column(2);
        var sum = 0d;
        for (var row = 0; row < batch.Length; row++)
        {
            sum += ids.GetInt64(row) + amounts.GetDouble(row) + names.GetBytes(row).Length;
        }

        return sum;
    }
}
