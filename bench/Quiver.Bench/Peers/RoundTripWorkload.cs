using System.Data.Common;
using Quiver.DuckDb;

namespace Quiver.Bench.Peers;

/// <summary>
/// W2: small queries. <c>SELECT 1</c> and a parameterized single-row lookup by key, one at a time on one connection;
/// then the lookup from 64 connections at once. Each call's CPU is taken in this process and in the server's processes
/// (the Quiver server, or the PostgreSQL backends of the connections used).
/// </summary>
internal sealed class RoundTripWorkload(PeerTargets targets, int quiverServerPid, int runs, bool quick)
{
    public const int Clients = 64;
    private static readonly string InProcessLookup = PeerData.Lookup("$1");
    private static readonly string AdoLookup = PeerData.Lookup("@id");

    private int SequentialCalls => quick ? 2_000 : 20_000;
    private int CallsPerClient => quick ? 100 : 1_000;

    public IReadOnlyList<(string Variant, Peer Peer, Measurement Measurement)> Run(DuckDbDatabase inProcess, IReadOnlyList<Peer> peers)
    {
        var results = new List<(string, Peer, Measurement)>();
        foreach (var peer in peers)
        {
            var label = PeerTargets.Label(peer);
            Console.Error.WriteLine($"W2 round trips: {label}");
            if (peer == Peer.DuckDbInProcess)
            {
                using var connection = inProcess.Connect();
                results.Add(("SELECT 1", peer, Latencies.Sequential(label, runs, SequentialCalls, _ => SelectOne(connection))));
                results.Add(("lookup by key", peer, Latencies.Sequential(label, runs, SequentialCalls, i => Lookup(connection, Key(i)))));
                var connections = Enumerable.Range(0, Clients).Select(_ => inProcess.Connect()).ToArray();
                try
                {
                    results.Add(($"lookup by key, {Clients} connections", peer, Latencies.Concurrent(label, runs, Clients, CallsPerClient, k => i =>
                    {
                        Lookup(connections[k], Key(i));
                        return Task.CompletedTask;
                    })));
                }
                finally
                {
                    Array.ForEach(connections, c => c.Dispose());
                }
            }
            else
            {
                using var connection = targets.Connection(peer);
                connection.Open();
                var server = ServerPids(peer, connection);
                results.Add(("SELECT 1", peer, Latencies.Sequential(label, runs, SequentialCalls, _ => SelectOne(connection), server)));
                results.Add(("lookup by key", peer, Latencies.Sequential(label, runs, SequentialCalls, i => LookupAsync(connection, Key(i)).GetAwaiter().GetResult(), server)));
                var connections = Enumerable.Range(0, Clients).Select(_ => targets.Connection(peer)).ToArray();
                try
                {
                    Array.ForEach(connections, c => c.Open());
                    var servers = connections.SelectMany(c => ServerPids(peer, c)).Distinct().ToArray();
                    results.Add(($"lookup by key, {Clients} connections", peer, Latencies.Concurrent(label, runs, Clients, CallsPerClient, k => i => LookupAsync(connections[k], Key(i)), servers)));
                }
                finally
                {
                    Array.ForEach(connections, c => c.Dispose());
                }
            }
        }

        return results;
    }

    /// <summary>The processes that serve <paramref name="connection"/>: none for an in-process peer.</summary>
    private int[] ServerPids(Peer peer, DbConnection connection) => peer switch
    {
        Peer.Quiver => [quiverServerPid],
        Peer.Npgsql => [((Npgsql.NpgsqlConnection)connection).ProcessID],
        _ => [],
    };

    /// <summary>Keys spread over the whole table, the same sequence for every peer.</summary>
    internal static long Key(int call) => (call * 2_654_435_761L) % PeerData.LookupRows;

    internal static void SelectOne(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        if (Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 1)
        {
            throw new InvalidOperationException("SELECT 1 did not return 1.");
        }
    }

    private static void SelectOne(DuckDbConnection connection)
    {
        using var statement = connection.Prepare("SELECT 1");
        using var result = statement.Execute();
        using var chunk = result.FetchChunk() ?? throw new InvalidOperationException("SELECT 1 returned no rows.");
        if (chunk.GetVector(0).GetValues<int>()[0] != 1)
        {
            throw new InvalidOperationException("SELECT 1 did not return 1.");
        }
    }

    internal static async Task LookupAsync(DbConnection connection, long key)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = AdoLookup;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = key;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync() || reader.GetInt64(0) != key)
        {
            throw new InvalidOperationException($"The lookup of key {key} did not return its row.");
        }

        GC.KeepAlive(reader.GetDouble(1) + reader.GetString(2).Length + reader.GetDateTime(3).Ticks + (double)reader.GetDecimal(4) + (reader.GetBoolean(5) ? 1 : 0));
    }

    private static void Lookup(DuckDbConnection connection, long key)
    {
        using var statement = connection.Prepare(InProcessLookup);
        statement.Bind(1, key);
        using var result = statement.Execute();
        using var chunk = result.FetchChunk() ?? throw new InvalidOperationException($"The lookup of key {key} returned no rows.");
        if (chunk.GetVector(0).GetValues<long>()[0] != key)
        {
            throw new InvalidOperationException($"The lookup of key {key} did not return its row.");
        }

        GC.KeepAlive(chunk.GetVector(1).GetValues<double>()[0] + chunk.GetVector(2).GetString(0).Length + chunk.GetVector(3).GetValues<long>()[0]
            + chunk.GetVector(4).GetValues<long>()[0] + chunk.GetVector(5).GetValues<byte>()[0]);
    }
}
