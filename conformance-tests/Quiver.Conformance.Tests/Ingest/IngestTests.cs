using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Scalars;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Google.Protobuf;
using Quiver.Conformance.Tests.Ado;
using Quiver.Data;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests.Ingest;

/// <summary>quiver.v1 Ingest against the real server: Arrow data appended through DuckDB's appender, checked by reading it back.</summary>
public sealed class IngestTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    private const int Rows = 200_000;

    [Fact]
    public async Task Ingested_rows_of_every_supported_type_read_back_exactly()
    {
        var table = "ingest_types_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await fixture.OpenAsync();
        var ingested = await connection.IngestAsync(Target(table, IngestMode.Create), Streams(Rows, 10_000), CancellationToken.None);
        Assert.Equal((ulong)Rows, ingested);

        await using var command = new QuiverCommand(
            $"""
            SELECT count(*), count(s), sum(i), sum(d), sum(price), min("day"), max("at"), count(DISTINCT u), sum(epoch_us(tz)), max(iv), sum(octet_length(b)),
                   sum(CASE WHEN flag THEN 1 ELSE 0 END), typeof(any_value(price)), typeof(any_value(tz)), typeof(any_value(u))
            FROM {table}
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((long)Rows, reader.GetInt64(0));
        Assert.Equal(Rows - (Rows + 6) / 7, reader.GetInt64(1)); // NULL for every 7th row, from row 0
        Assert.Equal((decimal)(Rows - 1) * Rows / 2, reader.GetDecimal(2));
        Assert.Equal((Rows - 1) * (double)Rows / 2 * 0.5, reader.GetDouble(3));
        Assert.Equal(Enumerable.Range(0, Rows).Sum(i => (decimal)(i % 100000) / 100), reader.GetDecimal(4));
        Assert.Equal(new DateTime(2024, 1, 1), reader.GetDateTime(5));
        Assert.Equal(new DateTime(2024, 1, 1).AddSeconds(Rows - 1), reader.GetDateTime(6));
        Assert.Equal((long)Rows, reader.GetInt64(7));
        Assert.Equal(Enumerable.Range(0, Rows).Sum(i => (decimal)(1_704_067_200_000_000L + i * 1000L)), reader.GetDecimal(8));
        Assert.Equal(TimeSpan.FromDays(Rows - 1) + TimeSpan.FromTicks(10), reader.GetValue(9));
        Assert.Equal(Enumerable.Range(0, Rows).Sum(i => (long)("b" + i).Length), Convert.ToInt64(reader.GetValue(10)));
        Assert.Equal(Rows / 2, Convert.ToInt32(reader.GetValue(11)));
        Assert.Equal("DECIMAL(18,2)", reader.GetString(12));
        Assert.Equal("TIMESTAMP WITH TIME ZONE", reader.GetString(13));
        Assert.Equal("UUID", reader.GetString(14));
    }

    [Fact]
    public async Task Modes_create_append_replace_and_a_failing_ingest_leaves_the_table_as_it_was()
    {
        var table = "ingest_modes_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await fixture.OpenAsync();
        Assert.Equal(10UL, await connection.IngestAsync(Target(table, IngestMode.Create), Streams(10, 10), CancellationToken.None));
        var exists = await Assert.ThrowsAsync<QuiverException>(() => connection.IngestAsync(Target(table, IngestMode.Create), Streams(10, 10), CancellationToken.None));
        Assert.Equal("42P07", exists.SqlState);
        Assert.Equal(10UL, await connection.IngestAsync(Target(table, IngestMode.Append), Streams(10, 10), CancellationToken.None));
        Assert.Equal(20L, await Count(connection, table));

        // A constraint the second chunk breaks: nothing of the ingest stays (the first chunk is rolled back too).
        await new QuiverCommand($"ALTER TABLE {table} ALTER COLUMN i SET NOT NULL", connection).ExecuteNonQueryAsync();
        var broken = await Assert.ThrowsAsync<QuiverException>(() => connection.IngestAsync(
            Target(table, IngestMode.Append), Streams(10, 10).Concat([NullIds()]), CancellationToken.None));
        Assert.StartsWith("23", broken.SqlState, StringComparison.Ordinal);
        Assert.Equal(20L, await Count(connection, table));

        Assert.Equal(10UL, await connection.IngestAsync(Target(table, IngestMode.Replace), Streams(10, 10), CancellationToken.None));
        Assert.Equal(10L, await Count(connection, table));
        Assert.Equal(1L, await new QuiverCommand("SELECT 1::BIGINT", connection).ExecuteScalarAsync());
    }

    [Fact]
    public async Task Hostile_bytes_and_unsupported_types_are_clear_errors_and_the_server_goes_on()
    {
        await using var connection = await fixture.OpenAsync();
        var garbage = await Assert.ThrowsAsync<QuiverException>(() => connection.IngestAsync(
            Target("ingest_garbage", IngestMode.Create), [ByteString.CopyFrom(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x10, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 })], CancellationToken.None));
        Assert.Equal("22P03", garbage.SqlState);

        var lists = new ListArray.Builder(Int32Type.Default);
        lists.Append();
        ((Int32Array.Builder)lists.ValueBuilder).Append(1);
        var listBatch = new RecordBatch(new Schema([new Field("l", new ListType(Int32Type.Default), true)], null), [lists.Build()], 1);
        var unsupported = await Assert.ThrowsAsync<QuiverException>(() => connection.IngestAsync(
            Target("ingest_lists", IngestMode.Create), [Stream(listBatch)], CancellationToken.None));
        Assert.Equal("0A000", unsupported.SqlState);
        Assert.Contains("'l'", unsupported.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<QuiverException>(() => connection.IngestAsync(
            Target("ingest_nowhere_" + Guid.NewGuid().ToString("N")[..8], IngestMode.Append), Streams(1, 1), CancellationToken.None));
        Assert.Equal("42P01", missing.SqlState);
        Assert.Equal(1L, await new QuiverCommand("SELECT 1::BIGINT", connection).ExecuteScalarAsync());
    }

    private static IngestTarget Target(string table, IngestMode mode) => new() { Table = table, Mode = mode };

    private static async Task<long> Count(QuiverConnection connection, string table)
        => (long)(await new QuiverCommand($"SELECT count(*) FROM {table}", connection).ExecuteScalarAsync())!;

    private static readonly Schema Wide = new(
    [
        new Field("i", Int64Type.Default, true),
        new Field("d", DoubleType.Default, true),
        new Field("s", StringType.Default, true),
        new Field("price", new Decimal128Type(18, 2), true),
        new Field("day", Date32Type.Default, true),
        new Field("at", new TimestampType(TimeUnit.Microsecond, (string?)null), true),
        new Field("tz", new TimestampType(TimeUnit.Millisecond, "UTC"), true),
        new Field("u", new FixedSizeBinaryType(16), true, [new KeyValuePair<string, string>("ARROW:extension:name", "arrow.uuid")]),
        new Field("iv", new IntervalType(IntervalUnit.MonthDayNanosecond), true),
        new Field("b", BinaryType.Default, true),
        new Field("flag", BooleanType.Default, true),
    ], null);

    // Rows 0..count-1 in streams of `chunk` rows: i, i/2, 'row i' (NULL every 7th), i%100000/100, 2024-01-01 + i%1000 days,
    // 2024-01-01 + i s, 2024-01-01 + i ms (UTC), a UUID per row, i days and 10 ns... as whole microseconds: i days + 1 us, 'b' || i, even.
    internal static IEnumerable<ByteString> Streams(int count, int chunk)
    {
        for (var start = 0; start < count; start += chunk)
        {
            var n = Math.Min(chunk, count - start);
            var ids = new Int64Array.Builder();
            var halves = new DoubleArray.Builder();
            var texts = new StringArray.Builder();
            var prices = new Decimal128Array.Builder(new Decimal128Type(18, 2));
            var days = new Date32Array.Builder();
            var ats = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, (string?)null));
            var tzs = new TimestampArray.Builder(new TimestampType(TimeUnit.Millisecond, "UTC"));
            var uuids = new byte[16 * n];
            var intervals = new MonthDayNanosecondIntervalArray.Builder();
            var blobs = new BinaryArray.Builder();
            var flags = new BooleanArray.Builder();
            for (var i = start; i < start + n; i++)
            {
                ids.Append(i);
                halves.Append(i * 0.5);
                if (i % 7 == 0)
                {
                    texts.AppendNull();
                }
                else
                {
                    texts.Append("row " + i);
                }

                prices.Append((decimal)(i % 100000) / 100);
                days.Append(new DateTime(2024, 1, 1).AddDays(i % 1000));
                ats.Append(new DateTimeOffset(new DateTime(2024, 1, 1).AddSeconds(i), TimeSpan.Zero));
                tzs.Append(new DateTimeOffset(new DateTime(2024, 1, 1).AddMilliseconds(i), TimeSpan.Zero));
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(uuids.AsSpan(16 * (i - start) + 12), i);
                intervals.Append(new MonthDayNanosecondInterval(0, i, 1000));
                blobs.Append(System.Text.Encoding.ASCII.GetBytes("b" + i));
                flags.Append(i % 2 == 0);
            }

            yield return Stream(new RecordBatch(Wide,
                [ids.Build(), halves.Build(), texts.Build(), prices.Build(), days.Build(), ats.Build(), tzs.Build(),
                 new FixedSizeBinaryArray(new ArrayData(new FixedSizeBinaryType(16), n, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(uuids)])),
                 intervals.Build(), blobs.Build(), flags.Build()], n));
        }
    }

    private static ByteString NullIds()
    {
        var batch = Streams(1, 1).Single();
        using var reader = new ArrowStreamReader(new MemoryStream(batch.ToByteArray()));
        var one = reader.ReadNextRecordBatch()!;
        var nullId = new Int64Array.Builder().AppendNull().Build();
        return Stream(new RecordBatch(Wide, [nullId, .. one.Arrays.Skip(1)], 1));
    }

    private static ByteString Stream(RecordBatch batch)
    {
        using var output = new MemoryStream();
        using (var writer = new ArrowStreamWriter(output, batch.Schema, leaveOpen: true))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }

        return ByteString.CopyFrom(output.ToArray());
    }
}
