using System.Globalization;
using Quiver.Bench.Peers;
using Quiver.Data;
using Quiver.DuckDb;
using Quiver.GrpcPeers;

namespace Quiver.Bench;

/// <summary>
/// W2's small queries on Quiver alone, with CPU accounting: <c>SELECT 1</c> and the keyed lookup in-process (prepared
/// per call, and prepared once and re-executed), then through Quiver.Data against the real server, one at a time and
/// from 64 connections. The in-process pair shows what re-planning costs; the server rows show the client/server path's
/// own cost per query (CPU of each process).
/// </summary>
internal sealed class SmallQueryWorkload(bool quick, int runs)
{
    public const string Name = "small-queries";
    private static readonly string InProcessLookup = PeerData.Lookup("$1");

    private int Calls => quick ? 2_000 : 20_000;
    private int CallsPerClient => quick ? 100 : 1_000;

    public IReadOnlyList<Measurement> Run(DuckDbConnection local)
    {
        PeerData.Load(local, PeerData.LookupRows);
        using var selectOne = local.Prepare("SELECT 1");
        using var lookup = local.Prepare(InProcessLookup);
        // DuckDB plans a prepared statement that reads a table and takes a parameter again at every execution, with
        // the value as a constant; the same lookup with its key written in the text is planned once.
        using var literalLookup = local.Prepare(PeerData.Lookup(RoundTripWorkload.Key(0).ToString(CultureInfo.InvariantCulture)));
        var results = new List<Measurement>
        {
            Latencies.Sequential("in-process SELECT 1, prepared per call", runs, Calls, _ => InProcess(local, null, "SELECT 1", null)),
            Latencies.Sequential("in-process SELECT 1, prepared once", runs, Calls, _ => InProcess(local, selectOne, "SELECT 1", null))
                with { ComparedTo = "in-process SELECT 1, prepared per call" },
            Latencies.Sequential("in-process lookup, prepared per call", runs, Calls, i => InProcess(local, null, InProcessLookup, RoundTripWorkload.Key(i))),
            Latencies.Sequential("in-process lookup, prepared once", runs, Calls, i => InProcess(local, lookup, InProcessLookup, RoundTripWorkload.Key(i)))
                with { ComparedTo = "in-process lookup, prepared per call" },
            Latencies.Sequential("in-process lookup, key written in the text, prepared once", runs, Calls, _ => InProcess(local, literalLookup, "literal lookup", null))
                with { ComparedTo = "in-process lookup, prepared once" },
        };
        results.AddRange(ThroughServer("statement cache off", null, ["--statement-cache", "0"]));
        results.AddRange(ThroughServer("default options", "statement cache off"));
        // Resumable results are on by default; a session without them shows what keeping the events costs per call.
        results.AddRange(ThroughServer("Reattach=false", "default options", clientOptions: ";Reattach=false"));
        // The same calls over a Unix domain socket instead of loopback TCP.
        var socket = Path.Combine(Path.GetTempPath(), $"quiver-bench-{Environment.ProcessId}.sock");
        results.AddRange(ThroughServer("Unix socket", "default options", ["--listen-socket", socket], socket: socket));
        return results;
    }

    // One server's rows; with comparedTo, each is compared with the same call in the rows of that label.
    private IEnumerable<Measurement> ThroughServer(string label, string? comparedTo, string[]? options = null, string clientOptions = "", string? socket = null)
    {
        var (server, address, token) = BenchServer.Start(options ?? []);
        try
        {
            var host = socket ?? $"{address.Host};Port={address.Port}";
            var connectionString = $"Host={host};Token={token};Command Timeout=0{clientOptions}";
            using (var loader = new QuiverConnection(connectionString))
            {
                loader.Open();
                PeerData.Load(loader, Peer.Quiver, PeerData.LookupRows);
            }

            string Name(string call, string of) => $"Quiver.Data {call} ({of})";
            string Reference(string call, string inProcess) => comparedTo is null ? inProcess : Name(call, comparedTo);
            var results = new List<Measurement>();
            using var connection = new QuiverConnection(connectionString);
            connection.Open();
            results.Add(Latencies.Sequential(Name("SELECT 1", label), runs, Calls, _ => RoundTripWorkload.SelectOne(connection), server.Id)
                with { ComparedTo = Reference("SELECT 1", "in-process SELECT 1, prepared per call") });
            results.Add(Latencies.Sequential(Name("lookup", label), runs, Calls, i => RoundTripWorkload.LookupAsync(connection, RoundTripWorkload.Key(i)).GetAwaiter().GetResult(), server.Id)
                with { ComparedTo = Reference("lookup", "in-process lookup, prepared per call") });
            var connections = Enumerable.Range(0, RoundTripWorkload.Clients).Select(_ => new QuiverConnection(connectionString)).ToArray();
            try
            {
                Array.ForEach(connections, c => c.Open());
                var many = $"lookup, {RoundTripWorkload.Clients} connections";
                results.Add(Latencies.Concurrent(Name(many, label), runs, RoundTripWorkload.Clients, CallsPerClient,
                    k => i => RoundTripWorkload.LookupAsync(connections[k], RoundTripWorkload.Key(i)), server.Id) with { ComparedTo = Reference(many, Name("lookup", label)) });
            }
            finally
            {
                Array.ForEach(connections, c => c.Dispose());
            }

            return results;
        }
        finally
        {
            QuiverConnection.ClearAllPools();
            ChildProcesses.KillAndDisposeAsync(server).GetAwaiter().GetResult();
            if (socket is not null)
            {
                File.Delete(socket);
            }
        }
    }

    private static void InProcess(DuckDbConnection connection, DuckDbPreparedStatement? prepared, string sql, long? key)
    {
        var statement = prepared ?? connection.Prepare(sql);
        try
        {
            if (key is { } k)
            {
                statement.Bind(1, k);
            }

            using var result = statement.Execute();
            using var chunk = result.FetchChunk() ?? throw new InvalidOperationException($"{sql} returned no rows.");
            GC.KeepAlive(chunk);
        }
        finally
        {
            if (prepared is null)
            {
                statement.Dispose();
            }
        }
    }
}
