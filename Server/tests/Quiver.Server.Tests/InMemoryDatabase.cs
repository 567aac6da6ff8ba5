using Quiver.DuckDb;

namespace Quiver.Server.Tests;

/// <summary>A real in-memory DuckDB with its own empty extension folder, both removed on dispose.</summary>
internal sealed class InMemoryDatabase : IDisposable
{
    private readonly string _extensions = Directory.CreateTempSubdirectory("quiver-server-tests-").FullName;

    public InMemoryDatabase()
        => Database = DuckDbDatabase.Open(DuckDbDatabase.InMemory, new DuckDbDatabaseOptions { ExtensionDirectory = _extensions });

    public DuckDbDatabase Database { get; }

    public void Dispose()
    {
        Database.Dispose();
        Directory.Delete(_extensions, recursive: true);
    }
}
