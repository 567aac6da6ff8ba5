using Microsoft.EntityFrameworkCore;

namespace Quiver.Conformance.Tests.EFCore;

/// <summary>A small Northwind-style model: customers place orders of lines of products.</summary>
public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>().Property(c => c.Name).HasMaxLength(100);
        modelBuilder.Entity<Customer>().HasIndex(c => c.Name).IsUnique();
        modelBuilder.Entity<Product>().Property(p => p.Price).HasPrecision(10, 2);
        modelBuilder.Entity<OrderLine>().Property(l => l.UnitPrice).HasPrecision(10, 2);
        modelBuilder.Entity<Order>().HasMany(o => o.Lines).WithOne(l => l.Order).HasForeignKey(l => l.OrderId);
    }

    /// <summary>The same data every run: 12 customers, 8 products, 40 orders of 1 to 4 lines.</summary>
    public static List<Customer> SeedData()
    {
        string?[] cities = ["Berlin", "London", null, "Madrid", "london"];
        var products = Enumerable.Range(0, 8).Select(i => new Product
        {
            Name = $"Product {(char)('A' + i)}",
            Price = 0.5m + i * 1.25m, // 0.50 and 5.50 are halfway: Math.Round takes them to the even neighbour
            Stock = i % 3 == 0 ? 0 : i * 7,
            Discontinued = i == 5,
        }).ToList();
        var customers = Enumerable.Range(0, 12).Select(i => new Customer
        {
            Name = i == 3 ? "O'Brien & Sons" : $"Customer {i:00}",
            City = cities[i % cities.Length],
            Since = new DateOnly(2019 + i % 5, 1 + i % 12, 1 + i * 2),
        }).ToList();
        for (var o = 0; o < 40; o++)
        {
            var order = new Order
            {
                Placed = new DateTime(2025, 1 + o % 12, 1 + o % 28, o % 24, o * 7 % 60, o % 60).AddTicks(o * 10),
                Note = o % 4 == 0 ? null : $"note {o}",
            };
            for (var l = 0; l <= o % 4; l++)
            {
                var product = products[(o + l * 3) % products.Count];
                order.Lines.Add(new OrderLine { Product = product, Quantity = (short)(1 + (o * l) % 5), UnitPrice = product.Price });
            }

            customers[o * 5 % 11].Orders.Add(order);
        }

        return customers;
    }
}

public sealed class Customer
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public string? City { get; set; }

    public DateOnly Since { get; set; }

    public List<Order> Orders { get; } = [];
}

public sealed class Product
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public decimal Price { get; set; }

    public int Stock { get; set; }

    public bool Discontinued { get; set; }
}

public sealed class Order
{
    public long Id { get; set; }

    public int CustomerId { get; set; }

    public Customer Customer { get; set; } = null!;

    public DateTime Placed { get; set; }

    public string? Note { get; set; }

    public List<OrderLine> Lines { get; } = [];
}

public sealed class OrderLine
{
    public int Id { get; set; }

    public long OrderId { get; set; }

    public Order Order { get; set; } = null!;

    public int ProductId { get; set; }

    public Product Product { get; set; } = null!;

    public short Quantity { get; set; }

    public decimal UnitPrice { get; set; }
}
