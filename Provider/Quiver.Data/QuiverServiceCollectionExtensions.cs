using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Quiver.Data;

/// <summary>Registers Quiver in a dependency-injection container.</summary>
public static class QuiverServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="QuiverDataSource"/> (also as <see cref="System.Data.Common.DbDataSource"/>) and
    /// transient <see cref="QuiverConnection"/>s (also as <see cref="System.Data.Common.DbConnection"/>) created from it.
    /// The data source logs through the container's <see cref="ILoggerFactory"/> when there is one.
    /// </summary>
    public static IServiceCollection AddQuiverDataSource(
        this IServiceCollection services, string connectionString, Action<QuiverDataSourceBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connectionString);
        services.TryAddSingleton(provider =>
        {
            var builder = new QuiverDataSourceBuilder(connectionString).UseLoggerFactory(provider.GetService<ILoggerFactory>());
            configure?.Invoke(builder);
            return builder.Build();
        });
        services.TryAddSingleton<System.Data.Common.DbDataSource>(provider => provider.GetRequiredService<QuiverDataSource>());
        services.TryAddTransient(provider => provider.GetRequiredService<QuiverDataSource>().CreateConnection());
        services.TryAddTransient<System.Data.Common.DbConnection>(provider => provider.GetRequiredService<QuiverConnection>());
        return services;
    }
}
