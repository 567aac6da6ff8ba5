using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quiver.Data;

namespace Quiver.Conformance.Tests.EFCore;

/// <summary>What the server adds under EF Core: cancellation that stops the engine, tenants that see only their data, retries.</summary>
public sealed class ServerBehaviourTests(EfServer server) : IClassFixture<EfServer>
{
    [Fact]
    public async Task Cancelling_a_long_LINQ_query_stops_it_in_the_engine()
    {
        await using var context = new NumbersContext(server.Options<NumbersContext>("cancel"));
        await context.Database.EnsureDeletedAsync();
        await context.Database.ExecuteSqlRawAsync("CREATE TABLE \"Numbers\" AS SELECT range AS \"Id\" FROM range(200000)");
        using var cancellation = new CancellationTokenSource();
        await using var watcher = new NumbersContext(server.Options<NumbersContext>("cancel"));

        // 4e10 pairs: minutes of work, unless the cancellation reaches DuckDB. Cancelled once the server runs it.
        var query = (from a in context.Numbers from b in context.Numbers where (a.Id * b.Id) % 7919 == 3 select a.Id).CountAsync(cancellation.Token);
        Assert.Equal("running:", await OutcomeAsync(watcher, until: outcome => outcome == "running:"));
        var clock = Stopwatch.StartNew();
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the cancelled query ran on for {clock.Elapsed}");
        // The token cancels the call; the server sees its client go and interrupts DuckDB (or the cancel arrives first: 57014).
        Assert.Contains(await OutcomeAsync(watcher, until: outcome => outcome is not ("" or "running:")), new[] { "client gone:", "failed:57014" });
        Assert.Equal(200000, await context.Numbers.CountAsync());
    }

    // The outcome of the cross join in quiver_queries(), polled (for up to a minute) until it satisfies until.
    private static async Task<string> OutcomeAsync(DbContext context, Func<string, bool> until)
    {
        var outcome = "";
        for (var attempt = 0; attempt < 600 && !until(outcome); attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(100);
            }

            outcome = await context.Database.SqlQueryRaw<string>(
                "SELECT outcome || ':' || coalesce(sql_state, '') AS \"Value\" FROM quiver_queries() WHERE statement LIKE '%7919%' AND statement NOT LIKE '%quiver_queries%'").FirstOrDefaultAsync() ?? "";
        }

        return outcome;
    }

    [Fact]
    public async Task Two_tenants_contexts_see_only_their_own_data()
    {
        await using var a = new SavesContext(server.Options<SavesContext>("tenant-a"));
        await using var b = new SavesContext(server.Options<SavesContext>("tenant-b"));
        await a.Database.EnsureDeletedAsync();
        await b.Database.EnsureDeletedAsync();
        await a.Database.EnsureCreatedAsync();

        Assert.False(await Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>(b).HasTablesAsync());
        await b.Database.EnsureCreatedAsync();
        a.Accounts.Add(new Account { Owner = "a's" });
        b.Accounts.Add(new Account { Owner = "b's" });
        await a.SaveChangesAsync();
        await b.SaveChangesAsync();

        Assert.Equal(["a's"], await a.Accounts.Select(x => x.Owner).ToListAsync());
        Assert.Equal(["b's"], await b.Accounts.Select(x => x.Owner).ToListAsync());
        await b.Database.EnsureDeletedAsync();
        Assert.Equal(["a's"], await a.Accounts.Select(x => x.Owner).ToListAsync());
    }

    [Fact]
    public async Task The_retrying_strategy_runs_a_unit_of_work_again_after_a_write_write_conflict()
    {
        var services = new ServiceCollection()
            .AddQuiver<SavesContext>(server.ConnectionString("saves"), quiver => quiver.EnableRetryOnFailure(5, TimeSpan.FromMilliseconds(50)))
            .BuildServiceProvider();
        long id;
        await using (var scope = services.CreateAsyncScope())
        {
            var setup = scope.ServiceProvider.GetRequiredService<SavesContext>();
            await setup.Database.EnsureCreatedAsync();
            var account = new Account { Owner = "retried", Balance = 0m };
            setup.Add(account);
            await setup.SaveChangesAsync();
            id = account.Id;
        }

        await using var blockerConnection = new QuiverConnection(server.ConnectionString("saves"));
        await blockerConnection.OpenAsync();
        var blocker = await blockerConnection.BeginTransactionAsync();
        await new QuiverCommand($"UPDATE \"Accounts\" SET \"Balance\" = 1 WHERE \"Id\" = {id}", blockerConnection, (QuiverTransaction)blocker).ExecuteNonQueryAsync();
        var attempts = 0;

        await using (var scope = services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<SavesContext>();
            await context.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                attempts++;
                if (attempts == 2)
                {
                    await blocker.CommitAsync(); // the conflicting writer is done: the second attempt goes through
                }

                await using var transaction = await context.Database.BeginTransactionAsync();
                await context.Database.ExecuteSqlAsync($"UPDATE \"Accounts\" SET \"Balance\" = \"Balance\" + 10 WHERE \"Id\" = {id}");
                await transaction.CommitAsync();
            });

            Assert.Equal(2, attempts);
            Assert.Equal(11m, await context.Accounts.Where(a => a.Id == id).Select(a => a.Balance).SingleAsync());
        }
    }
}

public sealed class NumbersContext(DbContextOptions<NumbersContext> options) : DbContext(options)
{
    public DbSet<Number> Numbers => Set<Number>();
}

public sealed class Number
{
    public long Id { get; set; }
}
