using System.Collections.Concurrent;

namespace Quiver.Data.Internal;

/// <summary>
/// The data sources behind connections created from a connection string (<c>new QuiverConnection(string)</c>):
/// one per distinct connection string, so that such connections share a pool, as in other ADO.NET providers.
/// </summary>
internal static class DataSourceCache
{
    private static readonly ConcurrentDictionary<string, Lazy<QuiverDataSource>> Sources = new(StringComparer.Ordinal);

    public static QuiverDataSource Get(string connectionString)
        => Sources.GetOrAdd(connectionString, static text => new Lazy<QuiverDataSource>(() => QuiverDataSource.Create(text))).Value;

    public static void ClearAll()
    {
        foreach (var source in Sources.Values)
        {
            if (source.IsValueCreated)
            {
                source.Value.Clear();
            }
        }
    }

    public static void Forget(QuiverDataSource source)
    {
        foreach (var (key, value) in Sources)
        {
            if (value.IsValueCreated && ReferenceEquals(value.Value, source))
            {
                Sources.TryRemove(key, out _);
            }
        }
    }
}
