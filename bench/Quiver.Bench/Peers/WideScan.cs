using System.Data.Common;
using Quiver.DuckDb;

namespace Quiver.Bench.Peers;

/// <summary>What a scan of <c>wide</c> read: every value of every column folded into sums that all peers must agree on.</summary>
internal readonly record struct ScanTotals(long Rows, long Checksum, double Amounts, decimal Prices, long TextCharacters)
{
    /// <summary>Bytes of values a row holds in its natural binary form (id, amount, created, price: 8 each; flag: 1) plus its text.</summary>
    public long ValueBytes => Rows * 33 + TextCharacters;
}

/// <summary>The W1 scan: every column of every row read through the peer's own typed access.</summary>
internal static class WideScan
{
    /// <summary>The W1 scan of <see cref="Create"/>'s table.</summary>
    public const string Query = "SELECT id, amount, name, created, price, flag FROM wide";

    /// <summary>
    /// The W1 data as a DuckDB table <c>wide</c> of <paramref name="rows"/> rows: (BIGINT, DOUBLE, VARCHAR of 12 chars,
    /// TIMESTAMP, DECIMAL(18,2), BOOLEAN), for the workloads that read it in-process and through the server.
    /// </summary>
    public static string Create(long rows) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"CREATE OR REPLACE TABLE wide AS SELECT range AS id, (range * 0.5)::DOUBLE AS amount, 'customer-' || lpad((range % 1000)::VARCHAR, 3, '0') AS name, TIMESTAMP '2024-01-01' + to_microseconds(range) AS created, (range % 100000 / 100)::DECIMAL(18,2) AS price, range % 2 = 0 AS flag FROM range({rows})");

    /// <summary>Reads through <see cref="DbDataReader"/> typed getters, text as .NET strings.</summary>
    public static ScanTotals Read(DbDataReader reader)
    {
        long rows = 0, checksum = 0, text = 0;
        double amounts = 0;
        decimal prices = 0;
        while (reader.Read())
        {
            checksum += reader.GetInt64(0);
            amounts += reader.GetDouble(1);
            text += reader.GetString(2).Length;
            checksum += reader.GetDateTime(3).Ticks;
            prices += reader.GetDecimal(4);
            checksum += reader.GetBoolean(5) ? 1 : 0;
            rows++;
        }

        return new ScanTotals(rows, checksum, amounts, prices, text);
    }

    /// <summary>Reads DuckDB's vectors directly, text as .NET strings: what the in-process ceiling does with the same result.</summary>
    public static ScanTotals Read(DuckDbConnection connection, string query)
    {
        using var statement = connection.Prepare(query);
        using var result = statement.ExecuteStreaming();
        long rows = 0, checksum = 0, text = 0, cents = 0;
        double amounts = 0;
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                foreach (var id in chunk.GetVector(0).GetValues<long>())
                {
                    checksum += id;
                }

                foreach (var amount in chunk.GetVector(1).GetValues<double>())
                {
                    amounts += amount;
                }

                var names = chunk.GetVector(2);
                for (var i = 0; i < chunk.RowCount; i++)
                {
                    text += names.GetString(i).Length;
                }

                foreach (var micros in chunk.GetVector(3).GetValues<long>())
                {
                    checksum += DateTime.UnixEpoch.Ticks + micros * TimeSpan.TicksPerMicrosecond;
                }

                foreach (var price in chunk.GetVector(4).GetValues<long>())
                {
                    cents += price;
                }

                foreach (var flag in chunk.GetVector(5).GetValues<byte>())
                {
                    checksum += flag;
                }

                rows += chunk.RowCount;
            }
        }

        return new ScanTotals(rows, checksum, amounts, cents / 100m, text);
    }

    /// <summary>
    /// Reads Apache.Arrow record batches through their spans (what an Arrow consumer does): text is counted from the
    /// UTF-8 offsets (ASCII here, so bytes are characters) and DECIMAL(18,2) from the low half of each 128-bit value.
    /// </summary>
    public static async Task<ScanTotals> ReadAsync(Apache.Arrow.Ipc.IArrowArrayStream stream)
    {
        long rows = 0, checksum = 0, text = 0, cents = 0;
        double amounts = 0;
        while (await stream.ReadNextRecordBatchAsync() is { } batch)
        {
            using (batch)
            {
                foreach (var id in ((Apache.Arrow.Int64Array)batch.Column(0)).Values)
                {
                    checksum += id;
                }

                foreach (var amount in ((Apache.Arrow.DoubleArray)batch.Column(1)).Values)
                {
                    amounts += amount;
                }

                var offsets = ((Apache.Arrow.StringArray)batch.Column(2)).ValueOffsets;
                text += offsets[^1] - offsets[0];
                foreach (var micros in ((Apache.Arrow.TimestampArray)batch.Column(3)).Values)
                {
                    checksum += DateTime.UnixEpoch.Ticks + micros * TimeSpan.TicksPerMicrosecond;
                }

                var prices = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(((Apache.Arrow.Decimal128Array)batch.Column(4)).ValueBuffer.Span);
                for (var i = 0; i < prices.Length; i += 2)
                {
                    cents += prices[i];
                }

                var flags = (Apache.Arrow.BooleanArray)batch.Column(5);
                for (var i = 0; i < flags.Length; i++)
                {
                    checksum += flags.GetValue(i) == true ? 1 : 0;
                }

                rows += batch.Length;
            }
        }

        return new ScanTotals(rows, checksum, amounts, cents / 100m, text);
    }
}
