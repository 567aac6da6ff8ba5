using System.Numerics;
using Microsoft.EntityFrameworkCore;

namespace Quiver.Conformance.Tests.EFCore;

/// <summary>An entity with a property of every .NET type the provider maps.</summary>
public sealed class TypesContext(DbContextOptions<TypesContext> options) : DbContext(options)
{
    public DbSet<AllTypes> Rows => Set<AllTypes>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AllTypes>().Property(e => e.Money).HasPrecision(18, 4);
        modelBuilder.Entity<AllTypes>().Property(e => e.Code).HasMaxLength(8);
    }
}

public sealed class AllTypes
{
    public int Id { get; set; }

    public bool Flag { get; set; }

    public sbyte Tiny { get; set; }

    public short Small { get; set; }

    public int Integer { get; set; }

    public long Big { get; set; }

    public byte UTiny { get; set; }

    public ushort USmall { get; set; }

    public uint UInteger { get; set; }

    public ulong UBig { get; set; }

    public BigInteger Huge { get; set; }

    public float Single { get; set; }

    public double Double { get; set; }

    public decimal Decimal { get; set; }

    public decimal Money { get; set; }

    public string Text { get; set; } = "";

    public string? Code { get; set; }

    public char Letter { get; set; }

    public byte[] Bytes { get; set; } = [];

    public Guid Guid { get; set; }

    public DateOnly Date { get; set; }

    public TimeOnly Time { get; set; }

    public DateTime Timestamp { get; set; }

    public DateTimeOffset Instant { get; set; }

    public TimeSpan Duration { get; set; }

    public int? NullableInteger { get; set; }

    public DateTime? NullableTimestamp { get; set; }

    public Guid? NullableGuid { get; set; }
}
