using Quiver.DuckDb.Native;

namespace Quiver.DuckDb;

/// <summary>An open DuckDB database (in memory or in a file). Thread-safe; connections are not.</summary>
public sealed class DuckDbDatabase : IDisposable
{
    /// <summary>The path that opens an in-memory database.</summary>
    public const string InMemory = ":memory:";

    private readonly DatabaseHandle _handle;
    private volatile bool _disposed;

    private DuckDbDatabase(DatabaseHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The database file, or <see cref="InMemory"/>.</summary>
    public string Path { get; }

    /// <summary>The version of the loaded DuckDB library, for example <c>v1.5.6</c>.</summary>
    public static string LibraryVersion => NativeString.Borrow(NativeMethods.Common.Version()) ?? "unknown";

    /// <summary>
    /// Opens (or creates) a database with the safety settings applied: extension auto-install and auto-load off,
    /// community and unsigned extensions off, the extension directory set, and external access off unless asked for.
    /// </summary>
    /// <exception cref="ArgumentException">An option in <see cref="DuckDbDatabaseOptions.Settings"/> is reserved.</exception>
    /// <exception cref="DuckDbException">DuckDB refused an option or could not open the database.</exception>
    public static DuckDbDatabase Open(string path, DuckDbDatabaseOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ExtensionDirectory, nameof(options.ExtensionDirectory));

        foreach (var name in options.Settings.Keys)
        {
            if (DuckDbDatabaseOptions.ReservedSettings.Contains(name))
            {
                throw new ArgumentException(
                    $"The DuckDB option '{name}' is fixed by Quiver's safety settings and cannot be set.", nameof(options));
            }
        }

        Directory.CreateDirectory(options.ExtensionDirectory);
        using var config = CreateConfig(options);
        if (NativeMethods.Database.Open(path, out var native, config.DangerousGetHandle(), out var error) != NativeMethods.Success)
        {
            var message = NativeString.Take(error) ?? "unknown error";
            var type = DuckDbException.FromMessage(message).ErrorType;
            throw new DuckDbException(
                type == DuckDbErrorType.Invalid ? DuckDbErrorType.IO : type,
                $"Could not open DuckDB database '{path}': {message}");
        }

        var database = new DuckDbDatabase(new DatabaseHandle(native), path);
        try
        {
            RestrictExternalAccess(database, options);
        }
        catch
        {
            database.Dispose();
            throw;
        }

        return database;
    }

    // DuckDB 1.5 accepts allowed_directories only at run time, and only while external access is still on; once
    // external access is off it cannot be turned back on. So a database with allowed folders opens with external
    // access on and is closed down here, before any caller has a connection.
    private static void RestrictExternalAccess(DuckDbDatabase database, DuckDbDatabaseOptions options)
    {
        if (options.EnableExternalAccess || options.AllowedDirectories.Count == 0)
        {
            return;
        }

        using var connection = database.Connect();
        var folders = options.AllowedDirectories.Select(
            d => "'" + EnsureTrailingSeparator(System.IO.Path.GetFullPath(d)).Replace("'", "''", StringComparison.Ordinal) + "'");
        connection.Execute($"SET allowed_directories = [{string.Join(", ", folders)}]");
        connection.Execute("SET enable_external_access = false");
    }

    private static string EnsureTrailingSeparator(string folder)
        => folder.EndsWith(System.IO.Path.DirectorySeparatorChar) ? folder : folder + System.IO.Path.DirectorySeparatorChar;

    /// <summary>Opens a new connection: its own transaction, temporary objects and session settings.</summary>
    public DuckDbConnection Connect()
    {
        // SafeHandle.IsClosed stays false while connections still hold a reference, so track disposal here.
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (NativeMethods.Database.Connect(_handle.DangerousGetHandle(), out var native) != NativeMethods.Success)
        {
            throw new DuckDbException(DuckDbErrorType.Connection, $"Could not connect to DuckDB database '{Path}'.");
        }

        return new DuckDbConnection(new ConnectionHandle(native, _handle));
    }

    /// <summary>Closes the database once every connection made from it is closed too.</summary>
    public void Dispose()
    {
        _disposed = true;
        _handle.Dispose();
    }

    private static ConfigHandle CreateConfig(DuckDbDatabaseOptions options)
    {
        if (NativeMethods.Config.Create(out var native) != NativeMethods.Success)
        {
            throw new OutOfMemoryException("DuckDB could not allocate a configuration.");
        }

        var config = new ConfigHandle(native);
        try
        {
            // Safety settings first, then the caller's; none of the caller's can touch these (checked above).
            Set(config, "autoinstall_known_extensions", "false");
            Set(config, "autoload_known_extensions", "false");
            Set(config, "allow_community_extensions", "false");
            Set(config, "allow_unsigned_extensions", "false");
            Set(config, "extension_directory", System.IO.Path.GetFullPath(options.ExtensionDirectory));
            // Secrets stay in memory, and nothing is looked up in the server account's home folder (~/.duckdb).
            Set(config, "allow_persistent_secrets", "false");
            Set(config, "home_directory", System.IO.Path.GetFullPath(options.ExtensionDirectory));
            Set(config, "secret_directory", System.IO.Path.Combine(System.IO.Path.GetFullPath(options.ExtensionDirectory), "secrets"));
            var restrictLater = !options.EnableExternalAccess && options.AllowedDirectories.Count > 0;
            Set(config, "enable_external_access", options.EnableExternalAccess || restrictLater ? "true" : "false");
            foreach (var (name, value) in options.Settings)
            {
                Set(config, name, value);
            }

            return config;
        }
        catch
        {
            config.Dispose();
            throw;
        }
    }

    private static void Set(ConfigHandle config, string name, string value)
    {
        if (NativeMethods.Config.Set(config.DangerousGetHandle(), name, value) != NativeMethods.Success)
        {
            throw new DuckDbException(
                DuckDbErrorType.InvalidConfiguration, $"DuckDB rejected the option {name} = '{value}'.");
        }
    }
}
