using Microsoft.EntityFrameworkCore;

namespace Quiver.Conformance.Tests.EFCore;

/// <summary>LINQ queries translated to DuckDB SQL give what the same LINQ gives over the seeded objects in memory.</summary>
public sealed class LinqQueryTests(ShopDatabase shop) : IClassFixture<ShopDatabase>
{
    [Fact]
    public async Task Where_OrderBy_and_Select_match_LINQ_to_objects()
    {
        await using var context = shop.Context();

        var actual = await context.Customers.Where(c => c.City == "London" || c.Since.Year > 2021)
            .OrderBy(c => c.Name).Select(c => new { c.Name, c.City }).ToListAsync();

        var expected = shop.Customers.Where(c => c.City == "London" || c.Since.Year > 2021)
            .OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => new { c.Name, c.City }).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Ordering_puts_nulls_first_ascending_and_last_descending_as_LINQ_does()
    {
        await using var context = shop.Context();

        var ascending = await context.Customers.OrderBy(c => c.City).ThenBy(c => c.Name).Select(c => c.Name).ToListAsync();
        var descending = await context.Orders.OrderByDescending(o => o.Note).ThenBy(o => o.Id).Select(o => o.Id).ToListAsync();

        Assert.Equal(shop.Customers.OrderBy(c => c.City, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal).Select(c => c.Name), ascending);
        Assert.Equal(shop.Orders.OrderByDescending(o => o.Note, StringComparer.Ordinal).ThenBy(o => o.Id).Select(o => o.Id), descending);
        Assert.Null(shop.Customers.Single(c => c.Name == ascending[0]).City);
    }

    [Fact]
    public async Task GroupBy_with_aggregates_matches()
    {
        await using var context = shop.Context();

        var actual = await context.OrderLines.GroupBy(l => l.ProductId)
            .Select(g => new { ProductId = g.Key, Count = g.Count(), Quantity = g.Sum(l => l.Quantity), Revenue = g.Sum(l => l.Quantity * l.UnitPrice), Max = g.Max(l => l.Quantity) })
            .OrderBy(g => g.ProductId).ToListAsync();

        var expected = shop.Lines.GroupBy(l => l.ProductId)
            .Select(g => new { ProductId = g.Key, Count = g.Count(), Quantity = g.Sum(l => l.Quantity), Revenue = g.Sum(l => l.Quantity * l.UnitPrice), Max = g.Max(l => l.Quantity) })
            .OrderBy(g => g.ProductId).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task String_Join_over_a_group_joins_every_element_as_CSharp_does()
    {
        await using var context = shop.Context();

        var actual = await context.Orders.GroupBy(o => o.CustomerId)
            .Select(g => new { g.Key, Notes = string.Join("|", g.Select(o => o.Note)), Few = string.Concat(g.Where(o => o.Id < 10).Select(o => "x")) })
            .ToListAsync();

        var expected = shop.Orders.GroupBy(o => o.CustomerId)
            .Select(g => new { g.Key, Notes = string.Join("|", g.Select(o => o.Note)), Few = string.Concat(g.Where(o => o.Id < 10).Select(o => "x")) })
            .ToList();
        // string_agg gives the elements in no particular order: compare them as sorted lists.
        static string Sorted(string joined) => string.Join("|", joined.Split('|').Order(StringComparer.Ordinal));
        Assert.Equal(
            expected.OrderBy(e => e.Key).Select(e => (e.Key, Sorted(e.Notes), e.Few)),
            actual.OrderBy(e => e.Key).Select(e => (e.Key, Sorted(e.Notes), e.Few)));
        Assert.Contains(expected, e => e.Notes.Contains("||", StringComparison.Ordinal) || e.Notes.StartsWith('|'));
    }

    [Fact]
    public async Task String_Join_over_an_ordered_or_distinct_group_keeps_its_order_and_joins_each_value_once()
    {
        await using var context = shop.Context();

        var ordered = await context.Orders.GroupBy(o => o.CustomerId)
            .Select(g => new { g.Key, Notes = string.Join("|", g.OrderByDescending(o => o.Placed).ThenBy(o => o.Id).Select(o => o.Note)) })
            .ToListAsync();
        var expectedOrdered = shop.Orders.GroupBy(o => o.CustomerId)
            .Select(g => new { g.Key, Notes = string.Join("|", g.OrderByDescending(o => o.Placed).ThenBy(o => o.Id).Select(o => o.Note)) });
        Assert.Equal(expectedOrdered.OrderBy(e => e.Key), ordered.OrderBy(e => e.Key));

        var distinct = await context.Orders.GroupBy(o => o.CustomerId)
            .Select(g => new { g.Key, Notes = string.Join(",", g.Select(o => (o.Note ?? "none").Substring(0, 4)).Distinct().OrderBy(n => n)) })
            .ToListAsync();
        var expectedDistinct = shop.Orders.GroupBy(o => o.CustomerId)
            .Select(g => new { g.Key, Notes = string.Join(",", g.Select(o => (o.Note ?? "none").Substring(0, 4)).Distinct().Order(StringComparer.Ordinal)) });
        Assert.Equal(expectedDistinct.OrderBy(e => e.Key), distinct.OrderBy(e => e.Key));
        Assert.Contains(shop.Orders.GroupBy(o => o.CustomerId), g => g.Select(o => (o.Note ?? "none").Substring(0, 4)).Distinct().Count() < g.Count());
    }

    [Fact]
    public async Task Scalar_aggregates_keep_their_CLR_types()
    {
        await using var context = shop.Context();

        Assert.Equal(shop.Products.Sum(p => p.Stock), await context.Products.SumAsync(p => p.Stock));
        Assert.Equal(shop.Orders.Sum(o => o.Id), await context.Orders.SumAsync(o => o.Id));
        Assert.Equal(shop.Products.Average(p => p.Price), await context.Products.AverageAsync(p => p.Price));
        Assert.Equal(shop.Products.Average(p => p.Stock), await context.Products.AverageAsync(p => p.Stock), 10);
        Assert.Equal(shop.Lines.Sum(l => l.UnitPrice), await context.OrderLines.SumAsync(l => l.UnitPrice));
        Assert.Equal(shop.Orders.Max(o => o.Placed), await context.Orders.MaxAsync(o => o.Placed));
        Assert.Equal(shop.Customers.Min(c => c.Since), await context.Customers.MinAsync(c => c.Since));
        Assert.Equal(shop.Lines.Count, await context.OrderLines.CountAsync());
        Assert.Equal(shop.Lines.LongCount(l => l.Quantity > 2), await context.OrderLines.LongCountAsync(l => l.Quantity > 2));
    }

    [Fact]
    public async Task Join_and_navigation_queries_match()
    {
        await using var context = shop.Context();

        var joined = await context.Orders.Join(context.Customers, o => o.CustomerId, c => c.Id, (o, c) => new { o.Id, c.Name })
            .OrderBy(x => x.Id).ToListAsync();
        var navigated = await context.OrderLines.Where(l => l.Order.Customer.City == "Berlin")
            .Select(l => new { l.Id, Product = l.Product.Name }).OrderBy(x => x.Id).ToListAsync();
        var busy = await context.Customers.Where(c => c.Orders.Count > 3).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
        var totals = await context.Customers.OrderBy(c => c.Id)
            .Select(c => new { c.Id, Total = c.Orders.SelectMany(o => o.Lines).Sum(l => l.Quantity * l.UnitPrice) }).ToListAsync();

        Assert.Equal(shop.Orders.Select(o => new { o.Id, o.Customer.Name }).OrderBy(x => x.Id), joined);
        Assert.Equal(shop.Lines.Where(l => l.Order.Customer.City == "Berlin").Select(l => new { l.Id, Product = l.Product.Name }).OrderBy(x => x.Id), navigated);
        Assert.Equal(shop.Customers.Where(c => c.Orders.Count > 3).OrderBy(c => c.Id).Select(c => c.Id), busy);
        Assert.NotEmpty(busy);
        Assert.Equal(shop.Customers.OrderBy(c => c.Id).Select(c => new { c.Id, Total = c.Orders.SelectMany(o => o.Lines).Sum(l => l.Quantity * l.UnitPrice) }), totals);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Include_loads_the_object_graph_in_single_and_split_queries(bool split)
    {
        await using var context = shop.Context();
        var query = context.Customers.Include(c => c.Orders).ThenInclude(o => o.Lines).ThenInclude(l => l.Product).AsNoTracking();

        var loaded = await (split ? query.AsSplitQuery() : query.AsSingleQuery()).OrderBy(c => c.Id).ToListAsync();

        Assert.Equal(
            shop.Customers.OrderBy(c => c.Id).Select(c => (c.Id, c.Orders.Count, c.Orders.Sum(o => o.Lines.Count), string.Join(",", c.Orders.SelectMany(o => o.Lines).Select(l => l.Product.Name).Order()))),
            loaded.Select(c => (c.Id, c.Orders.Count, c.Orders.Sum(o => o.Lines.Count), string.Join(",", c.Orders.SelectMany(o => o.Lines).Select(l => l.Product.Name).Order()))));
    }

    [Fact]
    public async Task String_methods_translate_with_CSharp_semantics()
    {
        await using var context = shop.Context();

        var actual = await context.Customers.OrderBy(c => c.Id).Select(c => new
        {
            Upper = c.Name.ToUpper(),
            Lower = c.Name.ToLower(),
            c.Name.Length,
            Sub = c.Name.Substring(2, 3),
            Tail = c.Name.Substring(4),
            Index = c.Name.IndexOf("o"),
            Replaced = c.Name.Replace("Customer", "C"),
            Concat = c.Name + "/" + c.City,
            HasQuote = c.Name.Contains("'B"),
            Starts = c.Name.StartsWith("Cust"),
            Ends = c.Name.EndsWith("0"),
            Padded = ("  " + c.Name + " ").Trim(),
            NoCity = string.IsNullOrEmpty(c.City),
        }).ToListAsync();

        var expected = shop.Customers.OrderBy(c => c.Id).Select(c => new
        {
            Upper = c.Name.ToUpperInvariant(),
            Lower = c.Name.ToLowerInvariant(),
            c.Name.Length,
            Sub = c.Name.Substring(2, 3),
            Tail = c.Name.Substring(4),
            Index = c.Name.IndexOf('o', StringComparison.Ordinal),
            Replaced = c.Name.Replace("Customer", "C", StringComparison.Ordinal),
            Concat = c.Name + "/" + c.City,
            HasQuote = c.Name.Contains("'B", StringComparison.Ordinal),
            Starts = c.Name.StartsWith("Cust", StringComparison.Ordinal),
            Ends = c.Name.EndsWith('0'),
            Padded = ("  " + c.Name + " ").Trim(),
            NoCity = string.IsNullOrEmpty(c.City),
        }).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task A_search_string_with_LIKE_wildcards_matches_literally()
    {
        await using var context = shop.Context();
        var pattern = "%_";

        Assert.Equal(0, await context.Customers.CountAsync(c => c.Name.Contains(pattern)));
        Assert.Equal(1, await context.Customers.CountAsync(c => c.Name.Contains("'Brien & ")));
    }

    [Fact]
    public async Task Date_parts_and_arithmetic_match()
    {
        await using var context = shop.Context();

        var actual = await context.Orders.OrderBy(o => o.Id)
            .Select(o => new { o.Placed.Year, o.Placed.Month, o.Placed.Day, o.Placed.Hour, o.Placed.Minute, o.Placed.Second, o.Placed.Date, o.Placed.DayOfWeek, o.Customer.Since })
            .ToListAsync();
        var recent = await context.Customers.Where(c => c.Since > new DateOnly(2021, 6, 1)).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();

        Assert.Equal(
            shop.Orders.OrderBy(o => o.Id).Select(o => new { o.Placed.Year, o.Placed.Month, o.Placed.Day, o.Placed.Hour, o.Placed.Minute, o.Placed.Second, o.Placed.Date, o.Placed.DayOfWeek, o.Customer.Since }),
            actual);
        Assert.Equal(shop.Customers.Where(c => c.Since > new DateOnly(2021, 6, 1)).OrderBy(c => c.Id).Select(c => c.Id), recent);
    }

    [Fact]
    public async Task Date_arithmetic_matches_DateTime_and_DateOnly()
    {
        await using var context = shop.Context();

        var actual = await context.Orders.OrderBy(o => o.Id).Select(o => new
        {
            Days = o.Placed.AddDays(1.5), Hours = o.Placed.AddHours(-3), Minutes = o.Placed.AddMinutes(90), Seconds = o.Placed.AddSeconds(0.25),
            Milliseconds = o.Placed.AddMilliseconds(1.5), Months = o.Placed.AddMonths(1), Years = o.Placed.AddYears(-1), Ticks = o.Placed.AddTicks(70),
            SinceDays = o.Customer.Since.AddDays(10), SinceMonths = o.Customer.Since.AddMonths(13), SinceYears = o.Customer.Since.AddYears(2),
        }).ToListAsync();
        var latest = await context.Orders.CountAsync(o => o.Placed.AddMonths(1) > new DateTime(2025, 12, 1));

        var expected = shop.Orders.OrderBy(o => o.Id).Select(o => new
        {
            Days = o.Placed.AddDays(1.5), Hours = o.Placed.AddHours(-3), Minutes = o.Placed.AddMinutes(90), Seconds = o.Placed.AddSeconds(0.25),
            Milliseconds = o.Placed.AddMilliseconds(1.5), Months = o.Placed.AddMonths(1), Years = o.Placed.AddYears(-1), Ticks = o.Placed.AddTicks(70),
            SinceDays = o.Customer.Since.AddDays(10), SinceMonths = o.Customer.Since.AddMonths(13), SinceYears = o.Customer.Since.AddYears(2),
        }).ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(shop.Orders.Count(o => o.Placed.AddMonths(1) > new DateTime(2025, 12, 1)), latest);
    }

    [Fact]
    public async Task Regex_IsMatch_translates_with_and_without_IgnoreCase()
    {
        await using var context = shop.Context();

        var plain = await context.Customers.Where(c => System.Text.RegularExpressions.Regex.IsMatch(c.Name, "^Customer 0[0-4]$")).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
        var ignoringCase = await context.Customers.CountAsync(c => System.Text.RegularExpressions.Regex.IsMatch(c.City!, "^lon", System.Text.RegularExpressions.RegexOptions.IgnoreCase));

        Assert.Equal(shop.Customers.Where(c => System.Text.RegularExpressions.Regex.IsMatch(c.Name, "^Customer 0[0-4]$")).OrderBy(c => c.Id).Select(c => c.Id), plain);
        Assert.Equal(shop.Customers.Count(c => c.City is not null && System.Text.RegularExpressions.Regex.IsMatch(c.City, "^lon", System.Text.RegularExpressions.RegexOptions.IgnoreCase)), ignoringCase);
    }

    [Fact]
    public async Task Integer_division_and_remainder_truncate_as_in_CSharp()
    {
        await using var context = shop.Context();

        var actual = await context.Products.OrderBy(p => p.Id)
            .Select(p => new { Third = p.Stock / 3, Negative = (10 - p.Stock) / 4, Remainder = (10 - p.Stock) % 4, Rounded = Math.Round(p.Price), Abs = Math.Abs(10 - p.Stock) })
            .ToListAsync();

        var expected = shop.Products.OrderBy(p => p.Id)
            .Select(p => new { Third = p.Stock / 3, Negative = (10 - p.Stock) / 4, Remainder = (10 - p.Stock) % 4, Rounded = Math.Round(p.Price), Abs = Math.Abs(10 - p.Stock) })
            .ToList();
        Assert.Contains(expected, p => p.Negative < 0 && p.Remainder != 0);
        Assert.Equal([0m, 6m], shop.Products.Where(p => p.Price % 1 == 0.5m).OrderBy(p => p.Price).Select(p => Math.Round(p.Price)));
        Assert.Equal(expected, actual);

        // A quarter of a price ending in .x5 or .x0 lands halfway at two digits (0.125): rounded to even, as C# does.
        var quarters = await context.Products.OrderBy(p => p.Id).Select(p => ValueTuple.Create(Math.Round(p.Price * 0.25m, 2), Math.Round(-p.Price * 0.25m, 1))).ToListAsync();
        var expectedQuarters = shop.Products.OrderBy(p => p.Id).Select(p => ValueTuple.Create(Math.Round(p.Price * 0.25m, 2), Math.Round(-p.Price * 0.25m, 1))).ToList();
        Assert.Contains(shop.Products, p => p.Price * 0.25m * 1000 % 10 == 5);
        Assert.Equal(expectedQuarters, quarters);
    }

    [Fact]
    public async Task Paging_Distinct_Any_All_and_parameter_collections_match()
    {
        await using var context = shop.Context();
        int[] wanted = [2, 3, 5, 7, 11];

        var page = await context.Orders.OrderBy(o => o.Placed).ThenBy(o => o.Id).Skip(5).Take(7).Select(o => o.Id).ToListAsync();
        var cities = await context.Customers.Select(c => c.City).Distinct().CountAsync();
        var some = await context.Customers.Where(c => wanted.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();

        Assert.Equal(shop.Orders.OrderBy(o => o.Placed).ThenBy(o => o.Id).Skip(5).Take(7).Select(o => o.Id), page);
        Assert.Equal(shop.Customers.Select(c => c.City).Distinct().Count(), cities);
        Assert.Equal(shop.Customers.Where(c => wanted.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.Id), some);
        Assert.True(await context.Products.AnyAsync(p => p.Discontinued));
        Assert.False(await context.Products.AllAsync(p => p.Stock > 0));
        Assert.Equal(shop.Products.Count(p => !p.Discontinued), await context.Products.CountAsync(p => !p.Discontinued));
        Assert.Equal("O'Brien & Sons", (await context.Customers.SingleAsync(c => c.Name.StartsWith("O'"))).Name);
        Assert.Null(await context.Customers.FirstOrDefaultAsync(c => c.Name == "nobody"));
    }

    [Fact]
    public async Task EF_Functions_for_DuckDB_translate()
    {
        await using var context = shop.Context();

        var ilike = await context.Customers.CountAsync(c => EF.Functions.ILike(c.City, "LONDON"));
        var regex = await context.Customers.CountAsync(c => EF.Functions.RegexpMatches(c.Name, "^Customer 0[0-4]$"));
        var days = await context.Orders.OrderBy(o => o.Id).Select(o => EF.Functions.DateDiff("day", new DateTime(2025, 1, 1), o.Placed)).ToListAsync();

        Assert.Equal(shop.Customers.Count(c => string.Equals(c.City, "london", StringComparison.OrdinalIgnoreCase)), ilike);
        Assert.Equal(shop.Customers.Count(c => System.Text.RegularExpressions.Regex.IsMatch(c.Name, "^Customer 0[0-4]$")), regex);
        Assert.Equal(shop.Orders.OrderBy(o => o.Id).Select(o => (long)(o.Placed.Date - new DateTime(2025, 1, 1)).TotalDays), days);
    }

    [Fact]
    public async Task The_clock_is_read_on_the_server()
    {
        await using var context = shop.Context();
        var before = DateTime.UtcNow.AddMinutes(-5);

        var clock = await context.Orders.Where(o => o.Placed < DateTime.UtcNow)
            .Select(o => new { Utc = DateTime.UtcNow, Now = DateTime.Now, Today = DateTime.Today, Offset = DateTimeOffset.UtcNow })
            .FirstAsync();
        var sql = context.Orders.Select(o => DateTime.UtcNow).ToQueryString();

        Assert.Contains("timezone('UTC', now())", sql, StringComparison.Ordinal);
        Assert.InRange(clock.Utc, before, DateTime.UtcNow.AddMinutes(5));
        Assert.Equal(clock.Utc, clock.Offset.UtcDateTime);
        Assert.Equal(clock.Now.Date, clock.Today);
        Assert.Equal(TimeSpan.Zero, clock.Today.TimeOfDay);
    }
}
