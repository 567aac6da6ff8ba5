using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using Quiver.Data;
using Quiver.DuckDb;
using Quiver.GrpcPeers;

namespace Quiver.Bench.Peers;

/// <summary>Everything one run of the peer comparison measured.</summary>
internal sealed record PeerResults(
    IReadOnlyList<long> ScanSizes,
    IReadOnlyList<ScanResult[]> Scans,
    IReadOnlyList<(string Variant, Peer Peer, Measurement Measurement)> RoundTrips,
    IReadOnlyList<Measurement> Opens,
    IReadOnlyList<SessionMemory> HeldSessions,
    IReadOnlyList<Measurement> Materialise,
    IReadOnlyList<(string Variant, Measurement Measurement)> EfCore,
    IReadOnlyList<string> Facts);

/// <summary>
/// Quiver against its peers (bench/README.md): loads the same table into in-process DuckDB, the Quiver server,
/// PostgreSQL and SQLite, then runs W1 (scan), W2 (round trips), W3 (session open) and W4 (Dapper) on each, and W5
/// (EF Core) on Quiver and PostgreSQL.
/// </summary>
internal sealed class PeersWorkload(string postgres, bool quick, int runs)
{
    public const string Name = "peers";
    private static readonly Peer[] All = [Peer.DuckDbInProcess, Peer.Quiver, Peer.Npgsql, Peer.Sqlite];

    public PeerResults Run()
    {
        var sizes = quick ? new long[] { 100_000, 1_000_000 } : [100_000, 1_000_000, 10_000_000];
        var (server, address, token) = BenchServer.Start();
        var scratch = Directory.CreateTempSubdirectory("quiver-bench-peers-");
        try
        {
            var targets = new PeerTargets(
                $"Host={address.Host};Port={address.Port};Token={token};Command Timeout=0",
                postgres + ";Command Timeout=0;Maximum Pool Size=200",
                Path.Combine(scratch.FullName, "wide.duckdb"),
                Path.Combine(scratch.FullName, "wide.sqlite"));
            var extensions = new DuckDbDatabaseOptions { ExtensionDirectory = Path.Combine(scratch.FullName, "extensions") };
            foreach (var rows in sizes)
            {
                Load(targets, extensions, rows);
            }

            var scans = sizes.Select(rows => Scan(targets, server.Id, rows)).ToList();
            using var inProcess = DuckDbDatabase.Open(targets.DuckDbFile, extensions);
            var roundTrips = new RoundTripWorkload(targets, server.Id, runs, quick).Run(inProcess, All);
            var sessions = new SessionWorkload(targets, runs, quick);
            var opens = sessions.OpenClose(inProcess, All);
            var held = new[] { sessions.Held(Peer.Quiver), sessions.Held(Peer.Npgsql) };
            var materialise = new MaterialiseWorkload(targets, runs).Run(inProcess, All);
            var efCore = new EfCoreWorkload(targets, runs).Run();
            return new PeerResults(sizes, scans, roundTrips, opens, held, materialise, efCore, Facts(targets, quick));
        }
        finally
        {
            QuiverConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            SqliteConnection.ClearAllPools();
            ChildProcesses.KillAndDisposeAsync(server).GetAwaiter().GetResult();
            scratch.Delete(recursive: true);
        }
    }

    private static void Load(PeerTargets targets, DuckDbDatabaseOptions extensions, long rows)
    {
        foreach (var peer in All)
        {
            var clock = Stopwatch.StartNew();
            if (peer == Peer.DuckDbInProcess)
            {
                using var database = DuckDbDatabase.Open(targets.DuckDbFile, extensions);
                using var connection = database.Connect();
                PeerData.Load(connection, rows);
            }
            else
            {
                using var connection = targets.Connection(peer);
                connection.Open();
                PeerData.Load(connection, peer, rows);
            }

            Console.Error.WriteLine($"Loaded {rows:N0} rows into {PeerTargets.Label(peer)} in {clock.Elapsed.TotalSeconds:F1} s");
        }
    }

    /// <summary>Each peer's scan in its own process; all peers must have read the same values.</summary>
    private ScanResult[] Scan(PeerTargets targets, int quiverServerPid, long rows)
    {
        var results = All.Select(peer =>
        {
            Console.Error.WriteLine($"W1 scan of {rows:N0} rows: {PeerTargets.Label(peer)}");
            return ScanChild.Run(peer, targets.For(peer), rows, runs, peer == Peer.Quiver ? quiverServerPid : 0);
        }).ToArray();
        foreach (var result in results)
        {
            if (result.Totals != results[0].Totals)
            {
                throw new InvalidOperationException(
                    $"{PeerTargets.Label(result.Peer)} read {result.Totals}, {PeerTargets.Label(results[0].Peer)} read {results[0].Totals}: the peers do not hold the same data.");
            }
        }

        return results;
    }

    private static List<string> Facts(PeerTargets targets, bool quick)
    {
        var facts = Report.MachineFacts().ToList();
        using (var postgres = new NpgsqlConnection(targets.Postgres))
        {
            postgres.Open();
            using var command = postgres.CreateCommand();
            command.CommandText = "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name) FROM pg_settings WHERE source = 'command line' AND name NOT IN ('port', 'listen_addresses', 'unix_socket_directories')";
            facts.Add($"PostgreSQL {postgres.PostgreSqlVersion} (throwaway cluster, loopback TCP; settings: {command.ExecuteScalar()}), Npgsql {Version(typeof(NpgsqlConnection))}");
        }

        using (var sqlite = new SqliteConnection(targets.For(Peer.Sqlite)))
        {
            sqlite.Open();
            facts.Add($"SQLite {sqlite.ServerVersion} (database file), Microsoft.Data.Sqlite {Version(typeof(SqliteConnection))}; Quiver.Data {Version(typeof(QuiverConnection))}; Dapper {Version(typeof(Dapper.SqlMapper))}");
            facts.Add($"EF Core {Version(typeof(Microsoft.EntityFrameworkCore.DbContext))}, Npgsql.EntityFrameworkCore.PostgreSQL {Version(typeof(Microsoft.EntityFrameworkCore.NpgsqlDbContextOptionsBuilderExtensions))}, Quiver.EntityFrameworkCore {Version(typeof(Microsoft.EntityFrameworkCore.QuiverDbContextOptionsBuilderExtensions))}");
        }

        facts.Add("Quiver server: child process, in-memory DuckDB, loopback gRPC, default options; in-process DuckDB: a database file in a temporary folder");
        facts.Add(quick ? "mode: --quick (smaller sizes and fewer calls)" : "mode: full");
        return facts;
    }

    private static string Version(Type type)
        => (type.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false).FirstOrDefault()
            as System.Reflection.AssemblyInformationalVersionAttribute)?.InformationalVersion.Split('+')[0]
           ?? type.Assembly.GetName().Version?.ToString() ?? "?";
}
