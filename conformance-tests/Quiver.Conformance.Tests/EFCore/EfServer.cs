using Microsoft.EntityFrameworkCore;
using Quiver.Data;

namespace Quiver.Conformance.Tests.EFCore;

/// <summary>
/// One real server for an EF Core test class, with a tenant per use so that tests do not see each other's tables:
/// <see cref="ConnectionString"/> names the tenant, and a tenant's database starts empty.
/// </summary>
public sealed class EfServer : IAsyncLifetime
{
    public static readonly string[] Tenants = ["shop", "types", "saves", "migrations", "created", "cancel", "tenant-a", "tenant-b", "scripts", "lists", "documents", "rebuilds"];

    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
        => Server = await ServerProcess.StartWithTokensAsync(
            "{\"tokens\": [" + string.Join(",", Tenants.Select(t => $"{{\"token\": \"{Token(t)}\", \"principal\": \"{t}-user\", \"tenant\": \"{t}\"}}")) + "]}");

    public async Task DisposeAsync()
    {
        QuiverConnection.ClearAllPools();
        await Server.DisposeAsync();
    }

    public string ConnectionString(string tenant)
        => $"Host={Server.Address.Host};Port={Server.Address.Port};Token={Token(tenant)};Application Name=efcore-conformance";

    public DbContextOptions<TContext> Options<TContext>(string tenant, Action<DbContextOptionsBuilder<TContext>>? configure = null)
        where TContext : DbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>().UseQuiver(ConnectionString(tenant));
        configure?.Invoke(builder);
        return builder.Options;
    }

    private static string Token(string tenant) => $"{tenant}-token-0123456789abcdef";
}
