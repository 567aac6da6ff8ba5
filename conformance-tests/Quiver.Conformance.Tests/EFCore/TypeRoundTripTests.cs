using System.Numerics;
using Microsoft.EntityFrameworkCore;

namespace Quiver.Conformance.Tests.EFCore;

/// <summary>Every mapped type saved through SaveChanges, read back, and matched by parameters and by SQL literals.</summary>
public sealed class TypeRoundTripTests(EfServer server) : IClassFixture<EfServer>, IAsyncLifetime
{
    private static AllTypes Smallest() => new()
    {
        Flag = false, Tiny = sbyte.MinValue, Small = short.MinValue, Integer = int.MinValue, Big = long.MinValue,
        UTiny = byte.MinValue, USmall = ushort.MinValue, UInteger = uint.MinValue, UBig = ulong.MinValue,
        Huge = -BigInteger.Pow(10, 37), Single = float.MinValue, Double = double.MinValue,
        Decimal = -9_999_999_999_999_999.9999999999m, Money = -99_999_999_999_999.9999m,
        Text = "", Code = null, Letter = '\'', Bytes = [], Guid = Guid.Empty,
        Date = new DateOnly(1, 1, 1), Time = TimeOnly.MinValue, Timestamp = new DateTime(1, 1, 1, 0, 0, 0),
        Instant = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero), Duration = TimeSpan.FromDays(-3650),
    };

    private static AllTypes Largest() => new()
    {
        Flag = true, Tiny = sbyte.MaxValue, Small = short.MaxValue, Integer = int.MaxValue, Big = long.MaxValue,
        UTiny = byte.MaxValue, USmall = ushort.MaxValue, UInteger = uint.MaxValue, UBig = ulong.MaxValue,
        Huge = BigInteger.Pow(10, 37) + 7, Single = float.MaxValue, Double = double.MaxValue,
        Decimal = 1234567890123456.0123456789m, Money = 12.3456m,
        Text = "O'Brien \"quoted\" \\ naïve 日本語 🦆", Code = "ABCDEFGH", Letter = 'ß',
        Bytes = [0, 1, 39, 92, 255, 128], Guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        Date = new DateOnly(9999, 12, 31), Time = new TimeOnly(23, 59, 59, 999, 999),
        Timestamp = new DateTime(2026, 12, 3, 10, 11, 12, DateTimeKind.Utc).AddTicks(1234560),
        Instant = new DateTimeOffset(2026, 12, 3, 10, 11, 12, 345, TimeSpan.FromHours(2)).AddTicks(6780),
        Duration = new TimeSpan(12, 3, 4, 5, 678, 901),
        NullableInteger = 42, NullableTimestamp = new DateTime(2000, 2, 29, 12, 0, 0), NullableGuid = Guid.Parse("00000000-0000-0000-0000-000000000001"),
    };

    public async Task InitializeAsync()
    {
        await using var context = new TypesContext(server.Options<TypesContext>("types"));
        await context.Database.EnsureDeletedAsync();
        await context.Database.EnsureCreatedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_mapped_type_round_trips_its_limits_through_SaveChanges()
    {
        var saved = new[] { Smallest(), Largest() };
        await using (var context = new TypesContext(server.Options<TypesContext>("types")))
        {
            context.Rows.AddRange(saved);
            await context.SaveChangesAsync();
        }

        await using var reader = new TypesContext(server.Options<TypesContext>("types"));
        var loaded = await reader.Rows.AsNoTracking().OrderBy(r => r.Id).ToListAsync();

        Assert.Equal(2, loaded.Count);
        for (var i = 0; i < 2; i++)
        {
            AssertSameValues(saved[i], loaded[i]);
        }
    }

    [Fact]
    public async Task Every_mapped_type_is_matched_by_a_parameter_and_by_a_literal()
    {
        var row = Largest();
        await using var context = new TypesContext(server.Options<TypesContext>("types"));
        context.Rows.Add(row);
        await context.SaveChangesAsync();
        var query = context.Rows.AsNoTracking().Where(r => r.Id == row.Id);

        // Captured variables are sent as parameters; EF.Constant writes the value into the SQL with the mapping's literal.
        Assert.Equal(1, await query.CountAsync(r => r.Flag == row.Flag && r.Tiny == row.Tiny && r.Small == row.Small && r.Integer == row.Integer
            && r.Big == row.Big && r.UTiny == row.UTiny && r.USmall == row.USmall && r.UInteger == row.UInteger && r.UBig == row.UBig
            && r.Huge == row.Huge && r.Single == row.Single && r.Double == row.Double && r.Decimal == row.Decimal && r.Money == row.Money
            && r.Text == row.Text && r.Code == row.Code && r.Letter == row.Letter && r.Bytes == row.Bytes && r.Guid == row.Guid
            && r.Date == row.Date && r.Time == row.Time && r.Timestamp == row.Timestamp && r.Instant == row.Instant && r.Duration == row.Duration));
        Assert.Equal(1, await query.CountAsync(r => r.Flag == EF.Constant(row.Flag) && r.Tiny == EF.Constant(row.Tiny) && r.Small == EF.Constant(row.Small)
            && r.Integer == EF.Constant(row.Integer) && r.Big == EF.Constant(row.Big) && r.UTiny == EF.Constant(row.UTiny) && r.USmall == EF.Constant(row.USmall)
            && r.UInteger == EF.Constant(row.UInteger) && r.UBig == EF.Constant(row.UBig) && r.Huge == EF.Constant(row.Huge) && r.Single == EF.Constant(row.Single)
            && r.Double == EF.Constant(row.Double) && r.Decimal == EF.Constant(row.Decimal) && r.Money == EF.Constant(row.Money) && r.Text == EF.Constant(row.Text)
            && r.Code == EF.Constant(row.Code) && r.Letter == EF.Constant(row.Letter) && r.Bytes == EF.Constant(row.Bytes) && r.Guid == EF.Constant(row.Guid)
            && r.Date == EF.Constant(row.Date) && r.Time == EF.Constant(row.Time) && r.Timestamp == EF.Constant(row.Timestamp)
            && r.Instant == EF.Constant(row.Instant) && r.Duration == EF.Constant(row.Duration)));
        // TimeSpan lengths are computed in DOUBLE from DuckDB's seconds: equal to C#'s within rounding.
        var totals = await query.Select(r => ValueTuple.Create(r.Duration.TotalDays, r.Duration.TotalHours, r.Duration.TotalMilliseconds)).SingleAsync();
        Assert.Equal(row.Duration.TotalDays, totals.Item1, 1e-9);
        Assert.Equal(row.Duration.TotalHours, totals.Item2, 1e-9);
        Assert.Equal(row.Duration.TotalMilliseconds, totals.Item3, 1e-3);
        var parts = await query.Select(r => ValueTuple.Create(
            r.Duration.Days, r.Duration.Hours, r.Duration.Minutes, r.Duration.Seconds, r.Duration.Milliseconds)).SingleAsync();
        Assert.Equal((row.Duration.Days, row.Duration.Hours, row.Duration.Minutes, row.Duration.Seconds, row.Duration.Milliseconds), parts);
        // A DateTimeOffset's parts are those of its UTC instant (10:11 at +02:00 is 08:11).
        Assert.Equal((8, 11, 3), await query.Select(r => ValueTuple.Create(r.Instant.Hour, r.Instant.Minute, r.Instant.Day)).SingleAsync());
        Assert.Equal(0, await query.CountAsync(r => r.Double == EF.Constant(double.NaN) || r.Single == EF.Constant(float.PositiveInfinity)));
    }

    [Fact]
    public async Task NaN_and_infinities_round_trip()
    {
        var row = Largest();
        row.Double = double.NaN;
        row.Single = float.NegativeInfinity;
        await using var context = new TypesContext(server.Options<TypesContext>("types"));
        context.Rows.Add(row);
        await context.SaveChangesAsync();

        var loaded = await context.Rows.AsNoTracking().SingleAsync(r => r.Id == row.Id);

        Assert.True(double.IsNaN(loaded.Double));
        Assert.Equal(float.NegativeInfinity, loaded.Single);
        Assert.Equal(1, await context.Rows.CountAsync(r => r.Id == row.Id && r.Single == EF.Constant(float.NegativeInfinity)));
    }

    private static void AssertSameValues(AllTypes expected, AllTypes actual)
    {
        Assert.Equal(expected.Flag, actual.Flag);
        Assert.Equal(expected.Tiny, actual.Tiny);
        Assert.Equal(expected.Small, actual.Small);
        Assert.Equal(expected.Integer, actual.Integer);
        Assert.Equal(expected.Big, actual.Big);
        Assert.Equal(expected.UTiny, actual.UTiny);
        Assert.Equal(expected.USmall, actual.USmall);
        Assert.Equal(expected.UInteger, actual.UInteger);
        Assert.Equal(expected.UBig, actual.UBig);
        Assert.Equal(expected.Huge, actual.Huge);
        Assert.Equal(expected.Single, actual.Single);
        Assert.Equal(expected.Double, actual.Double);
        Assert.Equal(expected.Decimal, actual.Decimal);
        Assert.Equal(expected.Money, actual.Money);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Code, actual.Code);
        Assert.Equal(expected.Letter, actual.Letter);
        Assert.Equal(expected.Bytes, actual.Bytes);
        Assert.Equal(expected.Guid, actual.Guid);
        Assert.Equal(expected.Date, actual.Date);
        Assert.Equal(expected.Time, actual.Time);
        // TIMESTAMP keeps the wall clock to the microsecond, whatever the Kind; it reads back as Unspecified.
        Assert.Equal(expected.Timestamp.Ticks, actual.Timestamp.Ticks);
        Assert.Equal(DateTimeKind.Unspecified, actual.Timestamp.Kind);
        // TIMESTAMPTZ keeps the instant; it reads back at offset 0.
        Assert.Equal(expected.Instant.UtcDateTime, actual.Instant.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, actual.Instant.Offset);
        Assert.Equal(expected.Duration, actual.Duration);
        Assert.Equal(expected.NullableInteger, actual.NullableInteger);
        Assert.Equal(expected.NullableTimestamp, actual.NullableTimestamp);
        Assert.Equal(expected.NullableGuid, actual.NullableGuid);
    }
}
