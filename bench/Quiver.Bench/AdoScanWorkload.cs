using System.Globalization;
using Dapper;
using Quiver.Bench.Peers;
using Quiver.Data;
using Quiver.DuckDb;
using Quiver.GrpcPeers;

namespace Quiver.Bench;

/// <summary>
/// Issue 6's measurements of Quiver.Data against the real server: a wide scan through DbDataReader typed getters
/// (every column touched, strings materialised as .NET strings, as ADO.NET callers do) next to in-process DuckDB
/// reading the same result with typed vectors; and Dapper materialising 100,000 rows into a record.
/// </summary>
internal sealed class AdoScanWorkload(long rows, int runs)
{
    public const string Name = "ado-scan";
    private const string InProcess = "in-process DuckDB, streaming, typed vectors";
    private const string Reader = "Quiver.Data reader, typed getters";
    private const string Query = WideScan.Query;

    public sealed record Row(long Id, double Amount, string Name, DateTime Created, decimal Price, bool Flag);

    public IReadOnlyList<Measurement> Run(DuckDbConnection local)
    {
        local.Execute(WideScan.Create(rows));
        var (server, address, token) = BenchServer.Start();
        try
        {
            var connectionString = $"Host={address.Host};Port={address.Port};Token={token};Command Timeout=0";
            using var connection = new QuiverConnection(connectionString);
            connection.Open();
            using (var create = new QuiverCommand(WideScan.Create(rows), connection))
            {
                create.ExecuteNonQuery();
            }

            // The two Quiver.Data paths must read the same values before their speeds mean anything.
            using (var command = new QuiverCommand(Query, connection))
            using (var reader = command.ExecuteReader())
            using (var arrowCommand = new QuiverCommand(Query, new QuiverConnection(connectionString)))
            {
                arrowCommand.Connection!.Open();
                var byReader = WideScan.Read(reader);
                using var stream = arrowCommand.ExecuteArrowStreamAsync().GetAwaiter().GetResult();
                var byArrow = WideScan.ReadAsync(stream).GetAwaiter().GetResult();
                if (byReader != byArrow)
                {
                    throw new InvalidOperationException($"The Arrow stream read {byArrow}, the reader {byReader}.");
                }
            }

            var dapperQuery = Query + " LIMIT 100000";
            // Resumable results (the default) keep each sent batch until the client releases it: their cost, next to a
            // session without them.
            using var notResumable = new QuiverConnection(connectionString + ";Reattach=false");
            notResumable.Open();
            return
            [
                Measurement.Take(InProcess, runs, () => ScanInProcess(local)),
                Measurement.Take(Reader, runs, () => ScanReader(connection), allThreads: true, server.Id) with { ComparedTo = InProcess },
                Measurement.Take(Reader + ", Reattach=false", runs, () => ScanReader(notResumable), allThreads: true, server.Id) with { ComparedTo = Reader },
                Measurement.Take("Quiver.Data ExecuteArrowStreamAsync, Apache.Arrow spans", runs, () => ScanArrow(connection), allThreads: true, server.Id) with { ComparedTo = Reader },
                Measurement.Take("Dapper Query<Row> of 100,000 rows over Quiver.Data", runs, () => connection.Query<Row>(dapperQuery).Count(), allThreads: true, server.Id),
            ];
        }
        finally
        {
            QuiverConnection.ClearAllPools();
            ChildProcesses.KillAndDisposeAsync(server).GetAwaiter().GetResult();
        }
    }

    private static long ScanReader(QuiverConnection connection)
    {
        using var command = new QuiverCommand(Query, connection);
        using var reader = command.ExecuteReader();
        return WideScan.Read(reader).Rows;
    }

    private static long ScanArrow(QuiverConnection connection)
    {
        using var command = new QuiverCommand(Query, connection);
        using var stream = command.ExecuteArrowStreamAsync().GetAwaiter().GetResult();
        return WideScan.ReadAsync(stream).GetAwaiter().GetResult().Rows;
    }

    private static long ScanInProcess(DuckDbConnection connection) => WideScan.Read(connection, Query).Rows;
}
