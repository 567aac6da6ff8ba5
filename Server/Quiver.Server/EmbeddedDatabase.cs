using Quiver.DuckDb;

namespace Quiver.Server;

/// <summary>The server's DuckDB database, opened with the safety settings and checkpointed on shutdown.</summary>
internal sealed class EmbeddedDatabase : IDisposable
{
    private EmbeddedDatabase(DuckDbDatabase database) => Database = database;

    public DuckDbDatabase Database { get; }

    public static EmbeddedDatabase Open(ServerOptions options)
    {
        string path;
        string extensions;
        if (options.InMemory)
        {
            path = DuckDbDatabase.InMemory;
            extensions = Path.Combine(Path.GetTempPath(), "quiver-extensions-" + Environment.ProcessId);
        }
        else
        {
            var folder = Directory.CreateDirectory(options.DataFolder).FullName;
            path = Path.Combine(folder, "quiver.duckdb");
            extensions = Path.Combine(folder, "extensions");
        }

        return new EmbeddedDatabase(DuckDbDatabase.Open(path, new DuckDbDatabaseOptions { ExtensionDirectory = extensions }));
    }

    /// <summary>Writes the WAL into the database file so that the next start opens quickly.</summary>
    public void Checkpoint()
    {
        using var connection = Database.Connect();
        connection.Execute("CHECKPOINT");
    }

    public void Dispose() => Database.Dispose();
}
