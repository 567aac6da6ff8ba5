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

    public TenantDatabases(ServerOptions options)
    {
        _options = options;
        Default = Get(EmbeddedDatabase.DefaultTenant);
    }

    /// <summary>The default tenant's database, opened at start so that a bad data folder fails at once.</summary>
    public DuckDbDatabase Default { get; }

    public DuckDbDatabase Get(string tenant)
        => _databases.GetOrAdd(tenant, t => new Lazy<EmbeddedDatabase>(() => EmbeddedDatabase.Open(_options, t))).Value.Database;

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
