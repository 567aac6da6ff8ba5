using System.Data.Common;
using Npgsql;
using Quiver.GrpcPeers;
using Quiver.DuckDb;

namespace Quiver.Bench.Peers;

/// <summary>What holding many sessions open costs the server.</summary>
internal sealed record SessionMemory(Peer Peer, int Sessions, long ServerBefore, long ServerAfter)
{
    public double BytesPerSession => (double)(ServerAfter - ServerBefore) / Sessions;
}

/// <summary>
/// W3: opening a session. Open + close with pooling off (a real session per open), one at a time; and 1,000 sessions
/// held open at once, with the server's proportional memory (PSS) before and after.
/// </summary>
internal sealed class SessionWorkload(PeerTargets targets, int runs, bool quick)
{
    public const int HeldSessions = 1_000;
    private int Opens => quick ? 300 : 2_000;

    public IReadOnlyList<Measurement> OpenClose(DuckDbDatabase inProcess, IReadOnlyList<Peer> peers)
    {
        var results = new List<Measurement>();
        foreach (var peer in peers)
        {
            Console.Error.WriteLine($"W3 session open: {PeerTargets.Label(peer)}");
            results.Add(Latencies.Sequential(PeerTargets.Label(peer), runs, Opens, peer == Peer.DuckDbInProcess
                ? _ => inProcess.Connect().Dispose()
                : _ =>
                {
                    using var connection = targets.Connection(peer, pooling: false);
                    connection.Open();
                }));
        }

        return results;
    }

    /// <summary>
    /// Quiver: a fresh server process with no data, so that the sessions' memory is not hidden in heap the earlier
    /// workloads left committed. PostgreSQL: every server process (one per session, plus the postmaster and its workers).
    /// </summary>
    public SessionMemory Held(Peer peer)
    {
        Console.Error.WriteLine($"W3 {HeldSessions:N0} open sessions: {PeerTargets.Label(peer)}");
        if (peer != Peer.Quiver)
        {
            return Held(peer, targets.For(peer), 0);
        }

        var (server, address, token) = BenchServer.Start();
        try
        {
            return Held(peer, $"Host={address.Host};Port={address.Port};Token={token}", server.Id);
        }
        finally
        {
            ChildProcesses.KillAndDisposeAsync(server).GetAwaiter().GetResult();
        }
    }

    private static SessionMemory Held(Peer peer, string connectionString, int quiverServerPid)
    {
        using var observer = PeerTargets.Create(peer, connectionString + ";Pooling=false");
        observer.Open();
        var before = ServerMemory(peer, observer, quiverServerPid);
        var held = new List<DbConnection>(HeldSessions);
        try
        {
            for (var i = 0; i < HeldSessions; i++)
            {
                var connection = PeerTargets.Create(peer, connectionString + ";Pooling=false");
                held.Add(connection);
                connection.Open();
            }

            return new SessionMemory(peer, HeldSessions, before, ServerMemory(peer, observer, quiverServerPid));
        }
        finally
        {
            held.ForEach(c => c.Dispose());
        }
    }

    private static long ServerMemory(Peer peer, DbConnection observer, int quiverServerPid)
    {
        if (peer == Peer.Quiver)
        {
            return ProcessMemory.Proportional(quiverServerPid);
        }

        var postgres = (NpgsqlConnection)observer;
        using var command = postgres.CreateCommand();
        command.CommandText = "SELECT pid FROM pg_stat_activity";
        var pids = new HashSet<int> { ProcessMemory.Parent(postgres.ProcessID) };
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                pids.Add(reader.GetInt32(0));
            }
        }

        return pids.Sum(ProcessMemory.Proportional);
    }
}
