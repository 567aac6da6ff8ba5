using Microsoft.EntityFrameworkCore;

namespace Quiver.Conformance.Tests.EFCore;

/// <summary>Primitive collections as LIST columns: saved, read back, change-tracked, and queried through unnest.</summary>
public sealed class PrimitiveCollectionTests(EfServer server) : IClassFixture<EfServer>, IAsyncLifetime
{
    private static readonly Survey[] Seed =
    [
        new() { Id = 1, Scores = [3, 9, 4], Tags = ["red", "blue"], Maybe = [1, null], Prices = [1.25m, 10m], Taken = [new DateTime(2024, 5, 1, 8, 30, 0)], Days = [new DateOnly(2024, 2, 29)] },
        new() { Id = 2, Scores = [], Tags = ["blue"], Maybe = [], Prices = [], Taken = [] },
        new() { Id = 3, Scores = [7], Tags = [], Maybe = [null], Prices = [0.5m], Taken = [new DateTime(2023, 1, 1), new DateTime(2023, 1, 2)], Days = [new DateOnly(2023, 3, 1), new DateOnly(2025, 1, 1)] },
        new() { Id = 4, Scores = [10, 1, 10, 2], Tags = ["green", "red", "red"], Maybe = [5, 6], Prices = [99.99m], Taken = [] },
    ];

    private ListsContext Context() => new(server.Options<ListsContext>("lists"));

    public async Task InitializeAsync()
    {
        await using var context = Context();
        await context.Database.EnsureDeletedAsync();
        await context.Database.EnsureCreatedAsync();
        context.Surveys.AddRange(Seed.Select(Copy));
        await context.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Collections_are_LIST_columns_that_read_back_as_saved()
    {
        await using var context = Context();
        var stored = await context.Surveys.AsNoTracking().OrderBy(s => s.Id).ToListAsync();

        Assert.Equal(Seed.Select(Describe), stored.Select(Describe));
        var types = await context.Database.SqlQueryRaw<string>(
            "SELECT data_type AS \"Value\" FROM duckdb_columns() WHERE table_name = 'Surveys' ORDER BY column_index").ToListAsync();
        // DateOnly has no LIST support in the reader yet: EF's JSON text, in a VARCHAR column.
        Assert.Equal(["INTEGER", "INTEGER[]", "VARCHAR[]", "INTEGER[]", "DECIMAL(10,2)[]", "TIMESTAMP[]", "VARCHAR"], types);
    }

    [Fact]
    public async Task Changing_an_element_in_place_is_saved()
    {
        await using (var context = Context())
        {
            var survey = await context.Surveys.SingleAsync(s => s.Id == 3);
            survey.Scores[0] = 70;
            survey.Tags.Add("new");
            Assert.Equal(1, await context.SaveChangesAsync());
        }

        await using var fresh = Context();
        var stored = await fresh.Surveys.AsNoTracking().SingleAsync(s => s.Id == 3);
        Assert.Equal([70], stored.Scores);
        Assert.Equal(["new"], stored.Tags);
    }

    [Fact]
    public async Task Queries_over_the_collections_match_LINQ_to_Objects()
    {
        await using var context = Context();
        var surveys = context.Surveys.AsNoTracking();

        await Same(surveys.Where(s => s.Tags.Contains("red")), Seed.Where(s => s.Tags.Contains("red")));
        await Same(surveys.Where(s => s.Scores.Length > 1), Seed.Where(s => s.Scores.Length > 1));
        await Same(surveys.Where(s => s.Scores.Any(x => x >= 9)), Seed.Where(s => s.Scores.Any(x => x >= 9)));
        await Same(surveys.Where(s => s.Tags.Count(t => t == "red") == 2), Seed.Where(s => s.Tags.Count(t => t == "red") == 2));
        await Same(surveys.Where(s => s.Scores.Length > 0 && s.Scores[0] == 3), Seed.Where(s => s.Scores.Length > 0 && s.Scores[0] == 3));
        await Same(surveys.Where(s => s.Maybe.Contains(null)), Seed.Where(s => s.Maybe.Contains(null)));
        await Same(surveys.Where(s => s.Prices.Sum() > 10m), Seed.Where(s => s.Prices.Sum() > 10m));
        await Same(surveys.Where(s => s.Taken.Any(t => t.Year == 2023)), Seed.Where(s => s.Taken.Any(t => t.Year == 2023)));
        // A collection kept as JSON text is queried through json_each.
        await Same(surveys.Where(s => s.Days.Any(d => d.Year == 2025)), Seed.Where(s => s.Days.Any(d => d.Year == 2025)));
        await Same(surveys.Where(s => s.Days.Length == 2 && s.Days[1] > new DateOnly(2024, 1, 1)), Seed.Where(s => s.Days.Length == 2 && s.Days[1] > new DateOnly(2024, 1, 1)));

        var wanted = new[] { 2, 4, 40 };
        await Same(surveys.Where(s => wanted.Contains(s.Id)), Seed.Where(s => wanted.Contains(s.Id)));
        // One LIST parameter, unnested on the server, instead of a parameter per element.
        await Same(surveys.Where(s => EF.Parameter(wanted).Contains(s.Id)), Seed.Where(s => wanted.Contains(s.Id)));
        await Same(surveys.Where(s => EF.Constant(wanted).Contains(s.Id)), Seed.Where(s => wanted.Contains(s.Id)));
        var set = new HashSet<int> { 2 };
        // A collection type without a LIST mapping goes as EF's JSON text, unnested by json_each.
        await Same(surveys.Where(s => EF.Parameter(set).Contains(s.Id)), Seed.Where(s => set.Contains(s.Id)));
        var tags = new List<string> { "green", "blue" };
        await Same(surveys.Where(s => s.Tags.Any(t => tags.Contains(t))), Seed.Where(s => s.Tags.Any(t => tags.Contains(t))));

        var highest = await surveys.OrderBy(s => s.Id).Select(s => s.Scores.OrderByDescending(x => x).FirstOrDefault()).ToListAsync();
        Assert.Equal(Seed.Select(s => s.Scores.OrderByDescending(x => x).FirstOrDefault()), highest);
        var second = await surveys.OrderBy(s => s.Id).Select(s => s.Tags.Skip(1).FirstOrDefault()).ToListAsync();
        Assert.Equal(Seed.Select(s => s.Tags.Skip(1).FirstOrDefault()), second);
    }

    private static async Task Same(IQueryable<Survey> query, IEnumerable<Survey> expected)
        => Assert.Equal(expected.Select(s => s.Id).Order(), (await query.Select(s => s.Id).ToListAsync()).Order());

    private static string Describe(Survey s)
        => $"{s.Id}: [{string.Join(",", s.Scores)}] [{string.Join(",", s.Tags)}] [{string.Join(",", s.Maybe.Select(m => m?.ToString() ?? "null"))}] "
            + $"[{string.Join(",", s.Prices.Select(p => p.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}] [{string.Join(",", s.Taken.Select(t => t.ToString("O")))}] [{string.Join(",", s.Days)}]";

    private static Survey Copy(Survey s) => new()
    {
        Id = s.Id, Scores = [.. s.Scores], Tags = [.. s.Tags], Maybe = [.. s.Maybe], Prices = [.. s.Prices], Taken = [.. s.Taken], Days = [.. s.Days],
    };
}

public sealed class ListsContext(DbContextOptions<ListsContext> options) : DbContext(options)
{
    public DbSet<Survey> Surveys => Set<Survey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Survey>().Property(s => s.Id).ValueGeneratedNever();
        modelBuilder.Entity<Survey>().Property(s => s.Prices).HasColumnType("DECIMAL(10,2)[]");
    }
}

public sealed class Survey
{
    public int Id { get; set; }

    public int[] Scores { get; set; } = [];

    public List<string> Tags { get; set; } = [];

    public List<int?> Maybe { get; set; } = [];

    public decimal[] Prices { get; set; } = [];

    public DateTime[] Taken { get; set; } = [];

    public DateOnly[] Days { get; set; } = [];
}
