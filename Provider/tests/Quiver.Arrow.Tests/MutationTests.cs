using System.Buffers.Binary;
using System.Diagnostics;

namespace Quiver.Arrow.Tests;

/// <summary>
/// Seeded random corruption of valid streams: every mutated stream either decodes into arrays whose values can all be
/// read, or fails with <see cref="ArrowFormatException"/>. Nothing else is thrown, nothing hangs, and no decode
/// allocates more than its limits allow. Bounded in count and in time.
/// </summary>
public sealed class MutationTests
{
    private const int Seed = 20261122;
    private const int MaxMutations = 4000;
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(20);
    private static readonly ArrowReaderOptions Limits = new()
    {
        MaxMessageBytes = 1 << 20,
        MaxDictionaryBytes = 1 << 20,
        MaxDictionaryEntries = 1 << 16,
    };

    [Fact]
    public void Corrupted_streams_decode_or_fail_with_ArrowFormatException_only()
    {
        byte[][] originals =
        [
            StreamBytes.Random(TestSchemas.Primitives, 1, 12, 0, 5),
            StreamBytes.Random(TestSchemas.Nested, 2, 9, 4),
            DictionaryStream(),
        ];
        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        var (decoded, rejected) = (0, 0);
        for (var i = 0; i < MaxMutations && clock.Elapsed < TimeBudget; i++)
        {
            var original = originals[i % originals.Length];
            var mutated = Mutate(original, random);
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var started = clock.Elapsed;
            try
            {
                ReadEverything(mutated, inMemory: i % 2 == 0);
                decoded++;
            }
            catch (ArrowFormatException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Mutation {i} (seed {Seed}) of stream {i % originals.Length} threw {e.GetType().Name}: {e}");
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            Assert.True(allocated < 16L << 20, $"Mutation {i} allocated {allocated} bytes.");
            // A guard against pathological inputs (Apache.Arrow took 59 s on one), not a speed target: generous for load.
            Assert.True(clock.Elapsed - started < TimeSpan.FromSeconds(10), $"Mutation {i} took {clock.Elapsed - started}.");
        }

        Assert.True(rejected > 100 && decoded > 10, $"Too few mutations exercised the reader: {decoded} decoded, {rejected} rejected.");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToArray();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            switch (random.Next(5))
            {
                case 0:
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    int[] interesting = [0, -1, 1, 7, 8, int.MaxValue, int.MinValue, 0x10000, -8];
                    var at = random.Next(bytes.Length / 4) * 4;
                    BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), interesting[random.Next(interesting.Length)]);
                    break;
                case 3:
                    bytes = bytes[..random.Next(bytes.Length)];
                    break;
                default:
                    var from = random.Next(bytes.Length);
                    var to = random.Next(bytes.Length);
                    var length = Math.Min(random.Next(1, 32), bytes.Length - Math.Max(from, to));
                    bytes.AsSpan(from, length).CopyTo(bytes.AsSpan(to, length));
                    break;
            }

            if (bytes.Length == 0)
            {
                break;
            }
        }

        return bytes;
    }

    private static void ReadEverything(byte[] bytes, bool inMemory)
    {
        if (inMemory)
        {
            var decoder = new ArrowIpcDecoder(Limits);
            ReadOnlyMemory<byte> rest = bytes;
            while (!rest.IsEmpty && !decoder.IsCompleted)
            {
                var message = decoder.Decode(rest, out var consumed);
                if (message.Batch is { } batch)
                {
                    Touch(batch);
                }

                rest = rest[consumed..];
            }

            return;
        }

        using var reader = new ArrowStreamReader(new MemoryStream(bytes), Limits);
        while (reader.ReadNextBatch() is { } next)
        {
            using (next)
            {
                Touch(next);
            }
        }
    }

    // Reads every value a consumer could ask for, through the public accessors (capped: a valid stream may describe
    // billions of null-type items in a few bytes, and reading them all is the consumer's choice, not the decoder's work).
    private static void Touch(ArrowRecordBatch batch)
    {
        var budget = 100_000;
        foreach (var column in batch.Columns)
        {
            Touch(column, 0, batch.Length, ref budget);
        }
    }

    private static void Touch(ArrowArray array, int start, int count, ref int budget)
    {
        for (var row = start; row < start + count && budget-- > 0; row++)
        {
            if (array.IsNull(row))
            {
                continue;
            }

            switch (array)
            {
                case BooleanArray b:
                    b.GetBoolean(row);
                    break;
                case PrimitiveArray p:
                    p.GetBytes(row);
                    break;
                case BinaryArray s:
                    s.GetBytes(row);
                    break;
                case DictionaryArray d:
                    Touch(d.Dictionary, d.GetIndex(row), 1, ref budget);
                    break;
                case ListArray l:
                    Touch(l.Values, l.GetStart(row), l.GetLength(row), ref budget);
                    break;
                case FixedSizeListArray f:
                    Touch(f.Values, f.GetStart(row), f.ListSize, ref budget);
                    break;
                case StructArray st:
                    foreach (var child in st.Children)
                    {
                        Touch(child, row, 1, ref budget);
                    }

                    break;
            }
        }
    }

    private static byte[] DictionaryStream()
    {
        var field = new ArrowField("e", ArrowType.Utf8, dictionary: new ArrowDictionaryEncoding(3, ArrowType.Int16));
        var schema = new ArrowSchema([field, new("n", ArrowType.Int32)]);
        using var builder = new ArrowRecordBatchBuilder(schema);
        var batches = new List<ArrowRecordBatch>();
        foreach (var words in new[] { new[] { "x", "y" }, ["x", "y", "zz"] })
        {
            using var values = (BinaryArrayBuilder)ArrowArrayBuilder.Create(new("v", ArrowType.Utf8));
            Array.ForEach(words, values.Append);
            builder.Column<DictionaryArrayBuilder>(0).Dictionary = values.Build();
            batches.Add(new RandomValues(batches.Count, nullEvery: 3).Batch(builder, 6));
        }

        return StreamBytes.Write(schema, batches);
    }
}
