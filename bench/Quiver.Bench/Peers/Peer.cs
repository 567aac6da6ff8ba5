using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Quiver.Data;

namespace Quiver.Bench.Peers;

/// <summary>The systems measured side by side.</summary>
internal enum Peer
{
    /// <summary>DuckDB through Quiver's own bindings, no network and no server: the ceiling.</summary>
    DuckDbInProcess,

    /// <summary>Quiver.Data against the Quiver server (child process, in-memory DuckDB, loopback gRPC).</summary>
    Quiver,

    /// <summary>Npgsql 10 against PostgreSQL 15 (throwaway cluster on loopback TCP).</summary>
    Npgsql,

    /// <summary>Microsoft.Data.Sqlite on a database file, in-process.</summary>
    Sqlite,
}

/// <summary>Where each peer's copy of the data lives, and how to open an ADO.NET connection to it.</summary>
internal sealed record PeerTargets(string Quiver, string Postgres, string DuckDbFile, string SqliteFile)
{
    public static string Label(Peer peer) => peer switch
    {
        Peer.DuckDbInProcess => "DuckDB in-process",
        Peer.Quiver => "Quiver.Data -> Quiver server",
        Peer.Npgsql => "Npgsql -> PostgreSQL",
        Peer.Sqlite => "Microsoft.Data.Sqlite in-process",
        _ => throw new ArgumentOutOfRangeException(nameof(peer)),
    };

    /// <summary>The connection string of an ADO.NET peer (the file path for in-process DuckDB).</summary>
    public string For(Peer peer) => peer switch
    {
        Peer.DuckDbInProcess => DuckDbFile,
        Peer.Quiver => Quiver,
        Peer.Npgsql => Postgres,
        Peer.Sqlite => $"Data Source={SqliteFile}",
        _ => throw new ArgumentOutOfRangeException(nameof(peer)),
    };

    /// <summary>A new, unopened ADO.NET connection; <paramref name="pooling"/> false asks for a real session per open.</summary>
    public DbConnection Connection(Peer peer, bool pooling = true) => Create(peer, For(peer) + (pooling ? "" : ";Pooling=false"));

    public static DbConnection Create(Peer peer, string connectionString) => peer switch
    {
        Peer.Quiver => new QuiverConnection(connectionString),
        Peer.Npgsql => new NpgsqlConnection(connectionString),
        Peer.Sqlite => new SqliteConnection(connectionString),
        _ => throw new ArgumentException($"{Label(peer)} has no ADO.NET provider.", nameof(peer)),
    };
}
