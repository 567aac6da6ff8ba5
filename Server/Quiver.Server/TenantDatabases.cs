using System.Collections.Concurrent;
using Quiver.DuckDb;

namespace Quiver.Server;

/// <summary>
/// One database per tenant, opened on first use: sessions of a tenant share it, tenants never see each other's.
/// </summary>
internal sealed class TenantDatabases : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<EmbeddedDatabase>> _databases = new(StringComparer.Ordinal);
    private readonly ServerOptions _options;
    private readonly string _memoryLimit;
    private readonly Action<DuckDbConnection, string>? _prepare;
    private readonly IReadOnlyDictionary<string, TenantSettings> _settings;

    /// <param name="options">The server's options.</param>
    /// <param name="tenants">How many tenants share the machine's memory when no tenant memory limit is set.</param>
    /// <param name="prepare">Called with a connection to each database when it opens.</param>
    /// <param name="settings">Tenants' own limits, which win over the server's defaults for those tenants.</param>
    /// <param name="openDefault">Open the default tenant's database now (not when an engine process serves it).</param>
    public TenantDatabases(
        ServerOptions options, int tenants, Action<DuckDbConnection, string>? prepare = null, IReadOnlyDictionary<string, TenantSettings>? settings = null,
        bool openDefault = true)
    {
        _options = options;
        _prepare = prepare;
        _settings = settings ?? new Dictionary<string, TenantSettings>();
        // DuckDB's default (80% of memory) is per database: two tenants could ask for more than the machine has.
        var share = (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.8 / Math.Max(1, tenants) / (1024 * 1024));
        _memoryLimit = options.TenantMemoryLimit ?? $"{Math.Max(64, share)}MB";
        Default = openDefault ? Get(EmbeddedDatabase.DefaultTenant) : null;
    }

    /// <summary>The default tenant's database, opened at start so that a bad data folder fails at once (null when an engine process serves it).</summary>
    public DuckDbDatabase? Default { get; }

    /// <summary>The memory_limit a tenant's database opens with when the tenant has none of its own.</summary>
    public string MemoryLimit => _memoryLimit;

    public DuckDbDatabase Get(string tenant)
        => _databases.GetOrAdd(tenant, t => new Lazy<EmbeddedDatabase>(() =>
        {
            var own = _settings.GetValueOrDefault(t);
            return EmbeddedDatabase.Open(_options, own?.MemoryLimit ?? _memoryLimit, own?.Threads ?? _options.TenantThreads, t, _prepare);
        })).Value.Database;

    public void CheckpointAll()
    {
        foreach (var database in _databases.Values.Where(d => d.IsValueCreated))
        {
            database.Value.Checkpoint();
        }
    }

    public void Dispose()
    {
        foreach (var database in _databases.Values.Where(d => d.IsValueCreated))
        {
            database.Value.Dispose();
        }
    }
}
