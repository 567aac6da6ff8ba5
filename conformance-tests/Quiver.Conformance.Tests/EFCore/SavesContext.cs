using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace Quiver.Conformance.Tests.EFCore;

/// <summary>Entities for SaveChanges: identity keys, a database default, a concurrency token, a parent with children.</summary>
public sealed class SavesContext(DbContextOptions<SavesContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<Posting> Postings => Set<Posting>();

    public DbSet<Tag> Tags => Set<Tag>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>().Property(a => a.Opened).HasDefaultValueSql("TIMESTAMP '2020-01-01 00:00:00'");
        modelBuilder.Entity<Account>().Property(a => a.Status).HasDefaultValue("open");
        modelBuilder.Entity<Tag>().HasKey(t => t.Code);
    }
}

public sealed class Account
{
    public long Id { get; set; }

    public required string Owner { get; set; }

    public decimal Balance { get; set; }

    public DateTime Opened { get; set; }

    public string? Status { get; set; }

    [ConcurrencyCheck]
    public int Version { get; set; }

    public List<Posting> Postings { get; } = [];
}

public sealed class Posting
{
    public int Id { get; set; }

    public long AccountId { get; set; }

    public decimal Amount { get; set; }
}

public sealed class Tag
{
    public required string Code { get; set; }

    public Guid Key { get; set; }
}
