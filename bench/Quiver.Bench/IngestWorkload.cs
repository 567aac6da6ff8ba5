using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Google.Protobuf;
using Quiver.Data;
using Quiver.DuckDb;
using Quiver.GrpcPeers;
using Quiver.Protocol.V1;

namespace Quiver.Bench;

/// <summary>
/// Loading (BIGINT, DOUBLE, VARCHAR of 12 chars) rows: through the server's Ingest (Arrow IPC streams of 16,384 rows,
/// DuckDB's appender on the server) and, in the same run, through a prepared INSERT bound with the same Arrow batches as
/// parameters (the server runs it once per row), next to in-process DuckDB's appender through Quiver's bindings.
/// Each run replaces the table; the rows are built once, before timing.
/// </summary>
internal sealed class IngestWorkload(long rows, int runs)
{
    public const string Name = "ingest";
    private const int RowsPerStream = 16_384;
    private const string InProcess = "in-process DuckDB appender";
    private const string Ingest = "Quiver.Data Ingest (Arrow streams, server-side appender)";

    public IReadOnlyList<Measurement> Run(DuckDbConnection local)
    {
        var streams = Streams(rows).ToList();
        var (server, address, token) = BenchServer.Start();
        try
        {
            using var connection = new QuiverConnection($"Host={address.Host};Port={address.Port};Token={token};Command Timeout=0");
            connection.Open();
            var insertRows = Math.Min(rows, 200_000);
            var insertStreams = Streams(insertRows).ToList();
            return
            [
                Measurement.Take(InProcess, runs, () => AppendInProcess(local, rows)),
                Measurement.Take(Ingest, runs, () => IngestOnce(connection, streams), allThreads: true) with { ComparedTo = InProcess },
                Measurement.Take($"prepared INSERT with Arrow parameter batches ({insertRows:N0} rows)", runs, () => InsertOnce(connection, insertStreams), allThreads: true)
                    with { ComparedTo = Ingest },
            ];
        }
        finally
        {
            QuiverConnection.ClearAllPools();
            ChildProcesses.KillAndDisposeAsync(server).GetAwaiter().GetResult();
        }
    }

    private static long IngestOnce(QuiverConnection connection, List<ByteString> streams)
        => (long)connection.IngestAsync(new IngestTarget { Table = "loaded", Mode = IngestMode.Replace }, streams, CancellationToken.None).GetAwaiter().GetResult();

    private static long InsertOnce(QuiverConnection connection, List<ByteString> streams)
    {
        using (var create = new QuiverCommand("CREATE OR REPLACE TABLE inserted (id BIGINT, amount DOUBLE, name VARCHAR)", connection))
        {
            create.ExecuteNonQuery();
        }

        // Four streams (about 1.5 MB) per call, under the server's 4 MiB message limit, as the ADBC driver groups them.
        long inserted = 0;
        foreach (var call in streams.Chunk(4))
        {
            using var insert = new QuiverCommand("INSERT INTO inserted VALUES (?, ?, ?)", connection) { ArrowParameterSets = call };
            inserted += insert.ExecuteNonQuery();
        }

        return inserted;
    }

    private static long AppendInProcess(DuckDbConnection local, long count)
    {
        local.Execute("CREATE OR REPLACE TABLE loaded (id BIGINT, amount DOUBLE, name VARCHAR)");
        using var appender = DuckDbAppender.Create(local, null, null, "loaded");
        for (long i = 0; i < count; i++)
        {
            appender.Append(i);
            appender.Append(i * 0.5);
            appender.AppendText(CustomerName(i));
            appender.EndRow();
        }

        appender.Close();
        return count;
    }

    private static string CustomerName(long i) => "customer-" + (i % 1000).ToString("000", CultureInfo.InvariantCulture);

    private static IEnumerable<ByteString> Streams(long count)
    {
        var schema = new Schema(
            [new Field("id", Apache.Arrow.Types.Int64Type.Default, false), new Field("amount", Apache.Arrow.Types.DoubleType.Default, false), new Field("name", Apache.Arrow.Types.StringType.Default, false)], null);
        for (long start = 0; start < count; start += RowsPerStream)
        {
            var n = (int)Math.Min(RowsPerStream, count - start);
            var ids = new Int64Array.Builder();
            var amounts = new DoubleArray.Builder();
            var names = new StringArray.Builder();
            for (var i = start; i < start + n; i++)
            {
                ids.Append(i);
                amounts.Append(i * 0.5);
                names.Append(CustomerName(i));
            }

            using var output = new MemoryStream();
            using (var writer = new ArrowStreamWriter(output, schema, leaveOpen: true))
            {
                writer.WriteRecordBatch(new RecordBatch(schema, [ids.Build(), amounts.Build(), names.Build()], n));
                writer.WriteEnd();
            }

            yield return ByteString.CopyFrom(output.ToArray());
        }
    }
}
