using Quiver.DuckDb;
using Quiver.Server.Sql;

namespace Quiver.Server;

/// <summary>A tenant's DuckDB database, opened with the safety settings and checkpointed on shutdown.</summary>
internal sealed class EmbeddedDatabase : IDisposable
{
    public const string DefaultTenant = "default";

    private readonly string? _temporaryFolder;

    private EmbeddedDatabase(DuckDbDatabase database, string? temporaryFolder)
    {
        Database = database;
        _temporaryFolder = temporaryFolder;
    }

    public DuckDbDatabase Database { get; }

    /// <summary>
    /// Opens <c>&lt;data&gt;/quiver.duckdb</c> for the default tenant and <c>&lt;data&gt;/tenants/&lt;tenant&gt;.duckdb</c>
    /// for the others; with <c>:memory:</c>, a separate in-memory database per tenant.
    /// </summary>
    /// <param name="options">The server's options.</param>
    /// <param name="memoryLimit">DuckDB's memory_limit for the database.</param>
    /// <param name="threads">DuckDB's threads for the database; null: DuckDB's default.</param>
    /// <param name="tenant">Whose database.</param>
    /// <param name="prepare">Called once with a connection to the new database (the server's own functions are added there).</param>
    public static EmbeddedDatabase Open(
        ServerOptions options, string memoryLimit, int? threads = null, string tenant = DefaultTenant, Action<DuckDbConnection, string>? prepare = null)
    {
        string path;
        string extensions;
        if (options.InMemory)
        {
            path = DuckDbDatabase.InMemory;
            extensions = Directory.CreateTempSubdirectory("quiver-extensions-").FullName;
        }
        else
        {
            var folder = Directory.CreateDirectory(options.DataFolder).FullName;
            // An engine worker serves one tenant of the server that started it, from that tenant's file.
            var owner = options.WorkerTenant ?? tenant;
            path = owner == DefaultTenant
                ? Path.Combine(folder, "quiver.duckdb")
                : Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "tenants")).FullName, owner + ".duckdb");
            extensions = Path.Combine(folder, "extensions");
        }

        var temporary = options.InMemory ? extensions : null;
        var settings = new Dictionary<string, string>
        {
            // DuckDB reports errors as JSON (type, subtype, position), which the server maps to SQLSTATEs and positions.
            ["errors_as_json"] = "true",
            ["memory_limit"] = memoryLimit,
        };
        if (threads is { } count)
        {
            settings["threads"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        try
        {
            var database = DuckDbDatabase.Open(path, new DuckDbDatabaseOptions { ExtensionDirectory = extensions, Settings = settings });
            using (var connection = database.Connect())
            {
                FunctionPolicy.Learn(connection);
                prepare?.Invoke(connection, tenant);
            }

            return new EmbeddedDatabase(database, temporary);
        }
        catch when (temporary is not null)
        {
            Directory.Delete(temporary, recursive: true);
            throw;
        }
    }

    /// <summary>Writes the WAL into the database file so that the next start opens quickly.</summary>
    public void Checkpoint()
    {
        using var connection = Database.Connect();
        connection.Execute("CHECKPOINT");
    }

    public void Dispose()
    {
        Database.Dispose();
        if (_temporaryFolder is not null && Directory.Exists(_temporaryFolder))
        {
            Directory.Delete(_temporaryFolder, recursive: true);
        }
    }
}
