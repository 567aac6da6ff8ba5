namespace Quiver.DuckDb.Tests;

/// <summary>A database in a fresh temporary folder (with its empty extension folder), removed on dispose.</summary>
internal sealed class TestDatabase : IDisposable
{
    private TestDatabase(string folder, DuckDbDatabase database)
    {
        Folder = folder;
        Database = database;
    }

    public string Folder { get; }

    public DuckDbDatabase Database { get; }

    public static TestDatabase InFile(DuckDbDatabaseOptions? options = null) => Create(inMemory: false, options);

    public static TestDatabase InMemory(DuckDbDatabaseOptions? options = null) => Create(inMemory: true, options);

    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "quiver-duckdb-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static DuckDbDatabaseOptions OptionsIn(string folder) => new() { ExtensionDirectory = Path.Combine(folder, "extensions") };

    public void Dispose()
    {
        Database.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static TestDatabase Create(bool inMemory, DuckDbDatabaseOptions? options)
    {
        var folder = NewFolder();
        options ??= OptionsIn(folder);
        var path = inMemory ? DuckDbDatabase.InMemory : Path.Combine(folder, "test.duckdb");
        return new TestDatabase(folder, DuckDbDatabase.Open(path, options));
    }
}

/// <summary>Base of tests that each need one connection to a fresh in-memory database.</summary>
public abstract class InMemoryConnectionTest : IDisposable
{
    internal InMemoryConnectionTest()
    {
        Db = TestDatabase.InMemory();
        Connection = Db.Database.Connect();
    }

    internal TestDatabase Db { get; }

    internal DuckDbConnection Connection { get; }

    public void Dispose()
    {
        DisposeResults();
        Connection.Dispose();
        Db.Dispose();
        GC.SuppressFinalize(this);
    }

    protected virtual void DisposeResults()
    {
    }
}

/// <summary>A fresh temporary folder, removed with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = TestDatabase.NewFolder();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

internal static class ConnectionExtensions
{
    /// <summary>Runs a query and returns its single VARCHAR-castable value.</summary>
    public static string? QueryString(this DuckDbConnection connection, string sql)
    {
        using var statement = connection.Prepare($"SELECT CAST(({sql}) AS VARCHAR)");
        using var result = statement.Execute();
        using var chunk = result.FetchChunk() ?? throw new InvalidOperationException("no rows");
        var vector = chunk.GetVector(0);
        return vector.Validity.IsValid(0) ? vector.GetString(0) : null;
    }

    public static long QueryInt64(this DuckDbConnection connection, string sql)
        => long.Parse(connection.QueryString(sql)!, System.Globalization.CultureInfo.InvariantCulture);
}
