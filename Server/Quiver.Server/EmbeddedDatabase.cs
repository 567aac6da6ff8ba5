using Quiver.DuckDb;

namespace Quiver.Server;

/// <summary>The server's DuckDB database, opened with the safety settings and checkpointed on shutdown.</summary>
internal sealed class EmbeddedDatabase : IDisposable
{
    private readonly string? _temporaryFolder;

    private EmbeddedDatabase(DuckDbDatabase database, string? temporaryFolder)
    {
        Database = database;
        _temporaryFolder = temporaryFolder;
    }

    public DuckDbDatabase Database { get; }

    public static EmbeddedDatabase Open(ServerOptions options)
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
            path = Path.Combine(folder, "quiver.duckdb");
            extensions = Path.Combine(folder, "extensions");
        }

        var temporary = options.InMemory ? extensions : null;
        try
        {
            return new EmbeddedDatabase(DuckDbDatabase.Open(path, new DuckDbDatabaseOptions { ExtensionDirectory = extensions }), temporary);
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
