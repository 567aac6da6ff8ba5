using Microsoft.EntityFrameworkCore;

namespace Quiver.Conformance.Tests.EFCore;

/// <summary>The shop model created with EnsureCreated and seeded through SaveChanges; the seeded objects stay in memory to compare with.</summary>
public sealed class ShopDatabase : IAsyncLifetime
{
    private readonly EfServer _server = new();

    public List<Customer> Customers { get; private set; } = [];

    public List<Order> Orders => Customers.SelectMany(c => c.Orders).ToList();

    public List<OrderLine> Lines => Orders.SelectMany(o => o.Lines).ToList();

    public List<Product> Products => Lines.Select(l => l.Product).Distinct().ToList();

    public ShopContext Context() => new(_server.Options<ShopContext>("shop"));

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await using var context = Context();
        await context.Database.EnsureCreatedAsync();
        Customers = ShopContext.SeedData();
        context.Customers.AddRange(Customers);
        await context.SaveChangesAsync();
    }

    public Task DisposeAsync() => _server.DisposeAsync();
}
