namespace Quiver.DuckDb;

/// <summary>
/// Start-up options for a DuckDB database. The safety settings are not options: every database opened through
/// <see cref="DuckDbDatabase.Open"/> has extension auto-install and auto-load off, community extensions off, and its
/// extension directory in <see cref="ExtensionDirectory"/>.
/// </summary>
public sealed class DuckDbDatabaseOptions
{
    /// <summary>
    /// The folder DuckDB looks in for extensions. It is created if missing; keep it empty so that nothing beyond
    /// what is built into the library can ever be loaded.
    /// </summary>
    public required string ExtensionDirectory { get; init; }

    /// <summary>
    /// Whether SQL may read and write files and other external resources (<c>enable_external_access</c>).
    /// Off by default: a multi-tenant server must not let SQL reach its file system.
    /// </summary>
    public bool EnableExternalAccess { get; init; }

    /// <summary>Folders SQL may still reach while external access is off (<c>allowed_directories</c>).</summary>
    public IReadOnlyList<string> AllowedDirectories { get; init; } = [];

    /// <summary>Other DuckDB start-up options by name (for example <c>threads</c> or <c>memory_limit</c>).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Options that only the fixed safety settings may set.</summary>
    public static IReadOnlySet<string> ReservedSettings { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "autoinstall_known_extensions",
        "autoload_known_extensions",
        "allow_community_extensions",
        "allow_unsigned_extensions",
        "autoinstall_extension_repository",
        "custom_extension_repository",
        "extension_directory",
        "enable_external_access",
        "allowed_directories",
        "allowed_paths",
        "allow_persistent_secrets",
        "secret_directory",
        "home_directory",
    };
}
