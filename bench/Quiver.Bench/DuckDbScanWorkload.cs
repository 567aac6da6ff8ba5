using Quiver.DuckDb;

namespace Quiver.Bench;

/// <summary>
/// Reads a (BIGINT, DOUBLE, VARCHAR) table through Quiver's DuckDB bindings, every value touched: the in-process
/// ceiling that the client/server path is later compared with.
/// </summary>
internal sealed class DuckDbScanWorkload(long rows, int runs)
{
    public const string Name = "duckdb-scan";

    public IReadOnlyList<Measurement> Run(DuckDbConnection connection)
    {
        connection.Execute(
            $"CREATE OR REPLACE TABLE scan AS SELECT range AS id, (range * 0.5)::DOUBLE AS amount, " +
            $"'customer-' || lpad((range % 1000)::VARCHAR, 3, '0') AS name FROM range({rows})");
        const string query = "SELECT id, amount, name FROM scan";

        return
        [
            Measurement.Take("streaming, typed vectors, UTF-8 spans", runs, () => Scan(connection, query, streaming: true, strings: false)),
            Measurement.Take("streaming, typed vectors, a .NET string per value", runs, () => Scan(connection, query, streaming: true, strings: true)),
            Measurement.Take("materialised result, typed vectors, UTF-8 spans", runs, () => Scan(connection, query, streaming: false, strings: false)),
        ];
    }

    /// <summary>Reads every value of a chunk's first three columns, (BIGINT, DOUBLE, VARCHAR).</summary>
    internal static void TouchIdAmountName(DuckDbDataChunk chunk, bool strings, ref long checksum, ref double total)
    {
        foreach (var id in chunk.GetVector(0).GetValues<long>())
        {
            checksum += id;
        }

        foreach (var amount in chunk.GetVector(1).GetValues<double>())
        {
            total += amount;
        }

        var names = chunk.GetVector(2);
        for (var i = 0; i < chunk.RowCount; i++)
        {
            checksum += strings ? names.GetString(i).Length : names.GetBytes(i).Length;
        }
    }

    /// <summary>Reads every value of a (BIGINT, DOUBLE, VARCHAR) result; returns the row count.</summary>
    internal static long Scan(DuckDbConnection connection, string query, bool streaming, bool strings)
    {
        using var statement = connection.Prepare(query);
        using var result = streaming ? statement.ExecuteStreaming() : statement.Execute();
        long count = 0, checksum = 0;
        double total = 0;
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                TouchIdAmountName(chunk, strings, ref checksum, ref total);
                count += chunk.RowCount;
            }
        }

        GC.KeepAlive(total);
        GC.KeepAlive(checksum);
        return count;
    }
}
