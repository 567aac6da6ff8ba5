using Quiver.Protocol.Grpc;
using System.Diagnostics;
using Quiver.Arrow;
using Quiver.DuckDb;
using Quiver.GrpcPeers;
using Quiver.Protocol;
using Quiver.Protocol.V1;

namespace Quiver.Bench;

/// <summary>
/// The same scan of (BIGINT, DOUBLE, VARCHAR) in two places: through the Quiver server (a child process on loopback,
/// in-memory DuckDB, results as Arrow batches decoded by Quiver.Arrow, every value touched) and in-process DuckDB
/// through Quiver's bindings, the ceiling the client/server path is measured against.
/// </summary>
internal sealed class ServerScanWorkload(long rows, int runs)
{
    public const string Name = "server-scan";
    private const string Create = "CREATE OR REPLACE TABLE scan AS SELECT range AS id, (range * 0.5)::DOUBLE AS amount, "
        + "'customer-' || lpad((range % 1000)::VARCHAR, 3, '0') AS name FROM range({0})";
    private const string Query = "SELECT id, amount, name FROM scan";

    public IReadOnlyList<Measurement> Run(DuckDbConnection local)
    {
        local.Execute(string.Format(System.Globalization.CultureInfo.InvariantCulture, Create, rows));
        var (server, address, token) = BenchServer.Start();
        try
        {
            using var channel = QuiverChannel.Create(address);
            var client = new QuiverClient(channel);
            var auth = new GrpcCallOptions { Headers = [new("authorization", $"Bearer {token}")] };
            var session = client.OpenSessionAsync(new OpenSessionRequest { MinProtocolVersion = 1, MaxProtocolVersion = 1 }, auth).GetAwaiter().GetResult().Session;
            Execute(client, auth, session, string.Format(System.Globalization.CultureInfo.InvariantCulture, Create, rows));

            return
            [
                Measurement.Take("in-process DuckDB, streaming, typed vectors", runs, () => DuckDbScanWorkload.Scan(local, Query, streaming: true, strings: false)),
                Measurement.Take("Quiver server, Arrow batches over loopback gRPC", runs, () => Execute(client, auth, session, Query), allThreads: true)
                    with { ComparedTo = "in-process DuckDB, streaming, typed vectors" },
            ];
        }
        finally
        {
            ChildProcesses.KillAndDisposeAsync(server).GetAwaiter().GetResult();
        }
    }

    private static long Execute(QuiverClient client, GrpcCallOptions auth, SessionRef session, string sql)
    {
        var request = new ExecuteRequest { Session = session, OperationId = Guid.NewGuid().ToString("N"), Statements = { new Statement { Sql = sql } } };
        return ReadAsync(client, auth, request).GetAwaiter().GetResult();
    }

    private static async Task<long> ReadAsync(QuiverClient client, GrpcCallOptions auth, ExecuteRequest request)
    {
        await using var stream = await client.ExecuteAsync(request, auth);
        ArrowIpcDecoder? decoder = null;
        long count = 0, checksum = 0;
        double total = 0;
        while (await stream.MoveNextAsync())
        {
            var e = stream.Current;
            switch (e.EventCase)
            {
                case ExecuteEvent.EventOneofCase.ResultSetStart:
                    decoder = new ArrowIpcDecoder();
                    decoder.Decode(e.ResultSetStart.ArrowSchema.Memory);
                    break;
                case ExecuteEvent.EventOneofCase.Batch:
                    var bytes = e.Batch.ArrowMessages.Memory;
                    while (!bytes.IsEmpty)
                    {
                        var message = decoder!.Decode(bytes, out var consumed);
                        bytes = bytes[consumed..];
                        if (message.Batch is not { } batch)
                        {
                            continue;
                        }

                        foreach (var id in ((PrimitiveArray)batch.Column(0)).GetValues<long>())
                        {
                            checksum += id;
                        }

                        foreach (var amount in ((PrimitiveArray)batch.Column(1)).GetValues<double>())
                        {
                            total += amount;
                        }

                        var names = (BinaryArray)batch.Column(2);
                        for (var i = 0; i < batch.Length; i++)
                        {
                            checksum += names.GetBytes(i).Length;
                        }

                        count += batch.Length;
                    }

                    // No dictionaries in this result: the payload's buffer goes back to the pool, as Quiver.Data does.
                    PooledBatches.Return(e.Batch);
                    break;
                case ExecuteEvent.EventOneofCase.OperationEnd when e.OperationEnd.Error is { } error:
                    throw new InvalidOperationException($"{error.SqlState}: {error.Message}");
            }
        }

        GC.KeepAlive(total);
        GC.KeepAlive(checksum);
        return count;
    }
}
