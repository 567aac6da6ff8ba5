using System.Globalization;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Quiver.Conformance.Tests.EFCore;

/// <summary>
/// Types mapped with ToJson() (owned entities and their collections, complex types and complex collections) in DuckDB
/// JSON columns: saved, read back, queried by what is inside them, and changed in place.
/// </summary>
public sealed class JsonDocumentTests(EfServer server) : IClassFixture<EfServer>, IAsyncLifetime
{
    // More digits than a double holds: a document must keep them through every save.
    private const decimal Exact = 12345678901234567890.12345678m;

    private static readonly BigInteger Huge = BigInteger.Parse("123456789012345678901234567890", CultureInfo.InvariantCulture);

    private static Member[] Seed() =>
    [
        new()
        {
            Id = 1, Name = "Ada",
            Home = new() { Street = "1 Main St", City = "Oslo", Balance = Exact, Points = Huge, Since = new DateTime(2020, 5, 1, 8, 30, 0), Geo = new() { Lat = 59.91, Lon = 10.75 } },
            Orders = [new() { Product = "pen", Quantity = 3, Price = 1.25m, Shipped = true, PlacedAt = new DateTime(2024, 1, 2) },
                      new() { Product = "ink", Quantity = 1, Price = 7.5m, Shipped = false, PlacedAt = new DateTime(2023, 6, 30) }],
            Profile = new() { Nickname = "ada", Level = 3, Tags = ["admin", "early"] },
            Contacts = [new() { Kind = "email", Value = "ada@example.org" }],
        },
        new()
        {
            Id = 2, Name = "Bo",
            Home = new() { Street = "2 Side Rd", City = "Bergen", Balance = 0.5m, Since = new DateTime(2019, 1, 1), Geo = null },
            Orders = [new() { Product = "pad", Quantity = 10, Price = 3m, Shipped = true, PlacedAt = new DateTime(2024, 3, 3) }],
            Profile = new() { Nickname = "bo", Level = 1, Tags = [] },
            Contacts = [],
        },
        new()
        {
            Id = 3, Name = "Cy", Home = null, Orders = [],
            Profile = new() { Nickname = "cy's", Level = 7, Tags = ["early"] },
            Contacts = [new() { Kind = "phone", Value = "+47 1234" }, new() { Kind = "email", Value = "cy@example.com" }],
        },
    ];

    private DocumentsContext Context() => new(server.Options<DocumentsContext>("documents"));

    public async Task InitializeAsync()
    {
        await using var context = Context();
        await context.Database.EnsureDeletedAsync();
        await context.Database.EnsureCreatedAsync();
        context.Members.AddRange(Seed());
        await context.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Documents_are_JSON_columns_that_read_back_as_saved()
    {
        await using var context = Context();
        var stored = await context.Members.AsNoTracking().OrderBy(c => c.Id).ToListAsync();

        Assert.Equal(Seed().Select(Describe), stored.Select(Describe));
        Assert.Equal(Exact, stored[0].Home!.Balance);
        var types = await context.Database.SqlQueryRaw<string>(
            "SELECT column_name || ' ' || data_type AS \"Value\" FROM duckdb_columns() WHERE table_name = 'Members' ORDER BY column_index").ToListAsync();
        Assert.Equal(["Contacts JSON", "Home JSON", "Id INTEGER", "Name VARCHAR", "Orders JSON", "Profile JSON"], types.Order(StringComparer.Ordinal));
        // A JSON column that is no ToJson() type (HasColumnType("JSON"), or one dbcontext scaffold finds) is a string.
        Assert.Equal(typeof(string), context.GetService<IRelationalTypeMappingSource>().FindMapping("JSON")!.ClrType);
    }

    [Fact]
    public async Task Queries_on_what_is_inside_documents_match_LINQ_to_Objects()
    {
        await using var context = Context();
        var customers = context.Members.AsNoTracking();
        var seed = Seed();

        await Same(customers.Where(c => c.Home!.City == "Oslo"), seed.Where(c => c.Home?.City == "Oslo"));
        await Same(customers.Where(c => c.Home!.Points == Huge), seed.Where(c => c.Home?.Points == Huge));
        await Same(customers.Where(c => c.Home!.Since < new DateTime(2020, 1, 1)), seed.Where(c => c.Home?.Since < new DateTime(2020, 1, 1)));
        await Same(customers.Where(c => c.Home!.Geo!.Lat > 50), seed.Where(c => c.Home?.Geo?.Lat > 50));
        await Same(customers.Where(c => c.Home == null), seed.Where(c => c.Home == null));
        await Same(customers.Where(c => c.Profile.Level >= 3), seed.Where(c => c.Profile.Level >= 3));
        await Same(customers.Where(c => c.Profile.Nickname == "cy's"), seed.Where(c => c.Profile.Nickname == "cy's"));
        await Same(customers.Where(c => c.Orders.Any(o => o.Quantity > 2 && o.Shipped)), seed.Where(c => c.Orders.Any(o => o.Quantity > 2 && o.Shipped)));
        await Same(customers.Where(c => c.Orders.Count(o => o.PlacedAt.Year == 2024) == 1), seed.Where(c => c.Orders.Count(o => o.PlacedAt.Year == 2024) == 1));
        await Same(customers.Where(c => c.Orders.Sum(o => o.Price * o.Quantity) > 30m), seed.Where(c => c.Orders.Sum(o => o.Price * o.Quantity) > 30m));
        await Same(customers.Where(c => c.Contacts.Any(x => x.Kind == "email" && x.Value.EndsWith(".org"))), seed.Where(c => c.Contacts.Any(x => x.Kind == "email" && x.Value.EndsWith(".org"))));
        await Same(customers.Where(c => c.Profile.Tags.Contains("early")), seed.Where(c => c.Profile.Tags.Contains("early")));

        Assert.Equal(
            seed.OrderBy(c => c.Profile.Level).Select(c => c.Home?.City),
            await customers.OrderBy(c => c.Profile.Level).Select(c => c.Home!.City).ToListAsync());
        Assert.Equal(
            seed.OrderBy(c => c.Id).Select(c => c.Orders.OrderByDescending(o => o.Price).Select(o => o.Product).FirstOrDefault()),
            await customers.OrderBy(c => c.Id).Select(c => c.Orders.OrderByDescending(o => o.Price).Select(o => o.Product).FirstOrDefault()).ToListAsync());
        Assert.Equal(
            seed.OrderBy(c => c.Id).Select(c => c.Contacts.Count),
            await customers.OrderBy(c => c.Id).Select(c => c.Contacts.Count).ToListAsync());
        var firstOrders = await customers.OrderBy(c => c.Id).Where(c => c.Orders.Count > 0).Select(c => c.Orders[0].Product).ToListAsync();
        Assert.Equal(seed.Where(c => c.Orders.Count > 0).Select(c => c.Orders[0].Product), firstOrders);
        var homes = await customers.OrderBy(c => c.Id).Select(c => c.Home).ToListAsync();
        Assert.Equal(seed.Select(c => c.Home is null ? "null" : DescribeHome(c.Home)), homes.Select(h => h is null ? "null" : DescribeHome(h)));
    }

    [Fact]
    public async Task Changing_one_value_inside_a_document_saves_it_and_keeps_the_rest_exactly()
    {
        await using (var context = Context())
        {
            var ada = await context.Members.SingleAsync(c => c.Id == 1);
            ada.Home!.City = "Trondheim";
            ada.Orders[1].Quantity = 4;
            Assert.Equal(1, await context.SaveChangesAsync());
        }

        await using (var context = Context())
        {
            var ada = await context.Members.AsNoTracking().SingleAsync(c => c.Id == 1);
            var expected = Seed()[0];
            expected.Home!.City = "Trondheim";
            expected.Orders[1].Quantity = 4;
            Assert.Equal(Describe(expected), Describe(ada));
            Assert.Equal(Exact, ada.Home!.Balance);
        }
    }

    [Fact]
    public async Task Adding_removing_and_replacing_parts_of_documents_are_saved()
    {
        await using (var context = Context())
        {
            var ada = await context.Members.SingleAsync(c => c.Id == 1);
            ada.Orders.RemoveAt(0);
            ada.Orders.Add(new() { Product = "nib", Quantity = 2, Price = 0.99m, PlacedAt = new DateTime(2025, 2, 2) });
            ada.Home!.Geo = null;
            ada.Profile.Level = 4;
            ada.Profile.Tags.Add("moved");
            ada.Contacts.Add(new() { Kind = "phone", Value = "+47 5678" });
            var bo = await context.Members.SingleAsync(c => c.Id == 2);
            bo.Home = null;
            var cy = await context.Members.SingleAsync(c => c.Id == 3);
            cy.Home = new() { Street = "3 New St", City = "Tromsø", Balance = -Exact, Since = new DateTime(2026, 1, 1), Geo = new() { Lat = 69.65, Lon = 18.96 } };
            await context.SaveChangesAsync();
        }

        await using (var context = Context())
        {
            var stored = await context.Members.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
            var expected = Seed();
            expected[0].Orders.RemoveAt(0);
            expected[0].Orders.Add(new() { Product = "nib", Quantity = 2, Price = 0.99m, PlacedAt = new DateTime(2025, 2, 2) });
            expected[0].Home!.Geo = null;
            expected[0].Profile.Level = 4;
            expected[0].Profile.Tags.Add("moved");
            expected[0].Contacts.Add(new() { Kind = "phone", Value = "+47 5678" });
            expected[1].Home = null;
            expected[2].Home = new() { Street = "3 New St", City = "Tromsø", Balance = -Exact, Since = new DateTime(2026, 1, 1), Geo = new() { Lat = 69.65, Lon = 18.96 } };
            Assert.Equal(expected.Select(Describe), stored.Select(Describe));
        }
    }

    [Fact]
    public async Task ExecuteUpdate_replaces_a_whole_document_and_refuses_to_patch_part_of_one()
    {
        await using var context = Context();
        var changed = await context.Members.Where(m => m.Id == 2)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Profile, new Profile { Nickname = "b2", Level = 5, Tags = ["x"] }));
        Assert.Equal(1, changed);
        var profile = (await context.Members.AsNoTracking().SingleAsync(m => m.Id == 2)).Profile;
        Assert.Equal("b2/5/x", $"{profile.Nickname}/{profile.Level}/{string.Join(",", profile.Tags)}");

        // DuckDB has no function that patches a document in place (docs/efcore.md).
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => context.Members.Where(m => m.Id == 2).ExecuteUpdateAsync(s => s.SetProperty(m => m.Profile.Level, 9)));
    }

    private static async Task Same(IQueryable<Member> query, IEnumerable<Member> expected)
        => Assert.Equal(expected.Select(c => c.Id).Order(), (await query.Select(c => c.Id).ToListAsync()).Order());

    private static string Describe(Member c)
        => string.Create(CultureInfo.InvariantCulture,
            $"{c.Id} {c.Name} home={(c.Home is null ? "null" : DescribeHome(c.Home))} "
            + $"orders=[{string.Join("; ", c.Orders.Select(o => $"{o.Product} x{o.Quantity} at {o.Price} {o.Shipped} {o.PlacedAt:O}"))}] "
            + $"profile={c.Profile.Nickname}/{c.Profile.Level}/[{string.Join(",", c.Profile.Tags)}] "
            + $"contacts=[{string.Join("; ", c.Contacts.Select(x => x.Kind + ":" + x.Value))}]");

    private static string DescribeHome(Address h)
        => string.Create(CultureInfo.InvariantCulture,
            $"{h.Street}, {h.City}, {h.Balance}, {h.Points}, {h.Since:O}, geo={(h.Geo is null ? "null" : $"{h.Geo.Lat}/{h.Geo.Lon}")}");
}

public sealed class DocumentsContext(DbContextOptions<DocumentsContext> options) : DbContext(options)
{
    public DbSet<Member> Members => Set<Member>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var customer = modelBuilder.Entity<Member>();
        customer.Property(c => c.Id).ValueGeneratedNever();
        customer.OwnsOne(c => c.Home, home =>
        {
            home.ToJson();
            home.Property(h => h.Balance).HasPrecision(38, 8);
            home.OwnsOne(h => h.Geo);
        });
        customer.OwnsMany(c => c.Orders, orders => orders.ToJson());
        customer.ComplexProperty(c => c.Profile, profile => profile.ToJson());
        customer.ComplexCollection(c => c.Contacts, contacts => contacts.ToJson());
    }
}

public sealed class Member
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public Address? Home { get; set; }

    public List<Purchase> Orders { get; set; } = [];

    public Profile Profile { get; set; } = new();

    public List<Contact> Contacts { get; set; } = [];
}

public sealed class Address
{
    public string Street { get; set; } = "";

    public string City { get; set; } = "";

    public decimal Balance { get; set; }

    public BigInteger Points { get; set; }

    public DateTime Since { get; set; }

    public Geo? Geo { get; set; }
}

public sealed class Geo
{
    public double Lat { get; set; }

    public double Lon { get; set; }
}

public sealed class Purchase
{
    public string Product { get; set; } = "";

    public int Quantity { get; set; }

    public decimal Price { get; set; }

    public bool Shipped { get; set; }

    public DateTime PlacedAt { get; set; }
}

public sealed class Profile
{
    public string Nickname { get; set; } = "";

    public int Level { get; set; }

    public List<string> Tags { get; set; } = [];
}

public sealed class Contact
{
    public string Kind { get; set; } = "";

    public string Value { get; set; } = "";
}
