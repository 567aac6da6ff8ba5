using System.Data.Common;
using System.Globalization;
using Quiver.DuckDb;

namespace Quiver.Bench.Peers;

/// <summary>
/// The same tables in every peer: <c>wide_N</c> with N rows of (BIGINT id, DOUBLE amount, VARCHAR name of 12
/// characters, TIMESTAMP created, DECIMAL(18,2) price, BOOLEAN flag), one table per scan size so that every scan reads
/// a whole table (a LIMIT would make DuckDB collect the rows before returning the first); the lookup table also has a
/// unique index on id. Every value is a function of the row number, so each peer holds exactly the same rows (the
/// scans check it by comparing checksums).
/// </summary>
internal static class PeerData
{
    public const string Columns = "id, amount, name, created, price, flag";

    /// <summary>Rows of the table the lookups read (with a unique index on id).</summary>
    public const long LookupRows = 1_000_000;

    /// <summary>The whole table of <paramref name="rows"/> rows.</summary>
    public static string Scan(long rows) => string.Create(CultureInfo.InvariantCulture, $"SELECT {Columns} FROM wide_{rows}");

    /// <summary>One row by key, with the key as parameter <paramref name="parameter"/>.</summary>
    public static string Lookup(string parameter) => $"SELECT {Columns} FROM wide_{LookupRows} WHERE id = {parameter}";

    private const string DuckDb = """
        CREATE TABLE wide_{0} (id BIGINT, amount DOUBLE, name VARCHAR, created TIMESTAMP, price DECIMAL(18,2), flag BOOLEAN);
        INSERT INTO wide_{0} SELECT range, range * 0.5, 'customer-' || lpad((range % 1000)::VARCHAR, 3, '0'),
            TIMESTAMP '2024-01-01' + to_microseconds(range), (range % 100000 / 100)::DECIMAL(18,2), range % 2 = 0 FROM range({0});
        """;

    private const string Postgres = """
        CREATE TABLE wide_{0} (id bigint, amount double precision, name varchar, created timestamp, price numeric(18,2), flag boolean);
        INSERT INTO wide_{0} SELECT g, g * 0.5, 'customer-' || lpad((g % 1000)::text, 3, '0'),
            TIMESTAMP '2024-01-01' + g * INTERVAL '1 microsecond', (g % 100000) / 100.0, g % 2 = 0 FROM generate_series(0, {0} - 1) AS g;
        VACUUM ANALYZE wide_{0};
        """;

    // SQLite has no timestamp or decimal type: ISO text with microseconds (what Microsoft.Data.Sqlite's GetDateTime
    // parses) and REAL (its GetDecimal converts); the values read back are the same as every other peer's.
    private const string Sqlite = """
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE wide_{0} (id INTEGER, amount REAL, name TEXT, created TEXT, price REAL, flag INTEGER);
        WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i < {0} - 1)
        INSERT INTO wide_{0} SELECT i, i * 0.5, 'customer-' || substr('00' || (i % 1000), -3),
            strftime('%Y-%m-%d %H:%M:%S', 1704067200 + i / 1000000, 'unixepoch') || '.' || substr('00000' || (i % 1000000), -6),
            (i % 100000) / 100.0, i % 2 = 0 FROM r;
        """;

    private const string Index = "CREATE UNIQUE INDEX wide_{0}_id ON wide_{0} (id);";

    public static void Load(DuckDbConnection connection, long rows) => connection.Execute(Sql(DuckDb, rows));

    public static void Load(DbConnection connection, Peer peer, long rows)
    {
        var script = peer switch
        {
            Peer.Quiver => DuckDb,
            Peer.Npgsql => Postgres,
            Peer.Sqlite => Sqlite,
            _ => throw new ArgumentOutOfRangeException(nameof(peer)),
        };
        // One statement per command: PostgreSQL refuses VACUUM inside a multi-statement command.
        foreach (var statement in Sql(script, rows).Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.CommandTimeout = 0;
            command.ExecuteNonQuery();
        }
    }

    private static string Sql(string script, long rows)
        => string.Format(CultureInfo.InvariantCulture, script + (rows == LookupRows ? "\n" + Index : ""), rows);
}
