using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Quiver.Data;

namespace Quiver.Conformance.Tests.EFCore;

/// <summary>SaveChanges against the real server: generated keys and defaults, updates, deletes, concurrency, batches.</summary>
public sealed class SaveChangesTests(EfServer server) : IClassFixture<EfServer>, IAsyncLifetime
{
    private SavesContext Context() => new(server.Options<SavesContext>("saves"));

    public async Task InitializeAsync()
    {
        await using var context = Context();
        await context.Database.EnsureDeletedAsync();
        await context.Database.EnsureCreatedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Inserted_rows_get_their_keys_and_defaults_from_the_database()
    {
        await using var context = Context();
        var accounts = Enumerable.Range(0, 3).Select(i => new Account { Owner = $"owner {i}", Balance = i * 10.5m }).ToList();
        accounts[0].Postings.Add(new Posting { Amount = 1m });
        accounts[0].Postings.Add(new Posting { Amount = -2m });
        var explicitStatus = new Account { Owner = "explicit", Status = "frozen" };
        context.Accounts.AddRange(accounts);
        context.Accounts.Add(explicitStatus);

        await context.SaveChangesAsync();

        Assert.All(accounts, a => Assert.True(a.Id > 0));
        Assert.Equal(4, accounts.Append(explicitStatus).Select(a => a.Id).Distinct().Count());
        Assert.All(accounts, a => Assert.Equal(new DateTime(2020, 1, 1), a.Opened));
        Assert.All(accounts, a => Assert.Equal("open", a.Status));
        Assert.Equal("frozen", explicitStatus.Status);
        Assert.All(accounts[0].Postings, p => Assert.Equal(accounts[0].Id, p.AccountId));
        Assert.NotEqual(accounts[0].Postings[0].Id, accounts[0].Postings[1].Id);

        await using var fresh = Context();
        var stored = await fresh.Accounts.Include(a => a.Postings).SingleAsync(a => a.Id == accounts[0].Id);
        Assert.Equal(-1m, stored.Postings.Sum(p => p.Amount));
    }

    [Fact]
    public async Task Updates_and_deletes_change_only_their_rows()
    {
        await using var context = Context();
        var keep = new Account { Owner = "keep", Balance = 1m };
        var change = new Account { Owner = "change", Balance = 2m };
        var remove = new Account { Owner = "remove", Balance = 3m };
        context.AddRange(keep, change, remove);
        await context.SaveChangesAsync();

        change.Balance = 20m;
        change.Version++;
        context.Remove(remove);
        var affected = await context.SaveChangesAsync();

        await using var fresh = Context();
        var stored = await fresh.Accounts.Where(a => new[] { keep.Id, change.Id, remove.Id }.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, affected);
        Assert.Equal([(keep.Id, 1m), (change.Id, 20m)], stored.Select(a => (a.Id, a.Balance)));
    }

    [Fact]
    public async Task A_row_referenced_by_a_foreign_key_can_be_updated()
    {
        await using var context = Context();
        var parent = new Account { Owner = "parent", Balance = 1m };
        parent.Postings.Add(new Posting { Amount = 5m });
        context.Add(parent);
        await context.SaveChangesAsync();

        parent.Balance = 6m;
        parent.Owner = "renamed parent";
        await context.SaveChangesAsync();

        await using var fresh = Context();
        var stored = await fresh.Accounts.Include(a => a.Postings).SingleAsync(a => a.Id == parent.Id);
        Assert.Equal((6m, "renamed parent", 1), (stored.Balance, stored.Owner, stored.Postings.Count));
    }

    [Fact]
    public async Task A_stale_concurrency_token_is_a_DbUpdateConcurrencyException_and_changes_nothing()
    {
        long id;
        await using (var setup = Context())
        {
            var account = new Account { Owner = "contended", Balance = 100m };
            setup.Add(account);
            await setup.SaveChangesAsync();
            id = account.Id;
        }

        await using var first = Context();
        await using var second = Context();
        var mine = await first.Accounts.SingleAsync(a => a.Id == id);
        var theirs = await second.Accounts.SingleAsync(a => a.Id == id);
        theirs.Balance = 50m;
        theirs.Version++;
        await second.SaveChangesAsync();

        mine.Balance = 75m;
        mine.Version++;
        var conflict = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync());

        Assert.Same(mine, Assert.Single(conflict.Entries).Entity);
        await using var fresh = Context();
        Assert.Equal(50m, (await fresh.Accounts.SingleAsync(a => a.Id == id)).Balance);
    }

    [Fact]
    public async Task Thousands_of_inserts_in_one_SaveChanges_span_several_batches_and_all_land()
    {
        await using var context = Context();
        var tags = Enumerable.Range(0, 2500).Select(i => new Tag { Code = $"t{i:0000}", Key = Guid.NewGuid() }).ToList();
        context.Tags.AddRange(tags);

        Assert.Equal(2500, await context.SaveChangesAsync());

        await using var fresh = Context();
        Assert.Equal(2500, await fresh.Tags.CountAsync(t => t.Code.StartsWith("t")));
        Assert.Equal(tags[1234].Key, (await fresh.Tags.SingleAsync(t => t.Code == "t1234")).Key);
    }

    [Fact]
    public async Task Inserts_sent_as_multi_row_statements_give_every_entity_the_key_of_its_own_row()
    {
        var commands = new List<string>();
        await using var context = new SavesContext(server.Options<SavesContext>(
            "saves", o => o.LogTo(commands.Add, [RelationalEventId.CommandExecuted])));
        // Every other run of 50 accounts writes Status too: a different column list, so each run is a statement of its own.
        var accounts = Enumerable.Range(0, 3000)
            .Select(i => new Account { Owner = $"bulk {i}", Balance = i, Status = i / 50 % 2 == 0 ? $"status {i}" : null })
            .ToList();
        foreach (var account in accounts.Where((_, i) => i % 10 == 0))
        {
            account.Postings.Add(new Posting { Amount = account.Balance });
        }

        context.Accounts.AddRange(accounts);
        await context.SaveChangesAsync();

        var inserts = commands.Sum(c => c.Split("INSERT INTO", StringSplitOptions.None).Length - 1);
        Assert.InRange(inserts, 1, accounts.Count / 10);
        await using var fresh = Context();
        var stored = await fresh.Accounts.Include(a => a.Postings).Where(a => a.Owner.StartsWith("bulk ")).ToDictionaryAsync(a => a.Id);
        Assert.Equal(accounts.Count, stored.Count);
        Assert.All(accounts, a =>
        {
            var row = stored[a.Id];
            Assert.Equal((a.Owner, a.Balance, a.Status ?? "open"), (row.Owner, row.Balance, row.Status));
            Assert.Equal(a.Postings.Select(p => (p.Id, p.Amount)), row.Postings.Select(p => (p.Id, p.Amount)));
        });
    }

    [Fact]
    public async Task A_batch_with_more_parameters_than_one_statement_takes_is_split_and_all_rows_land()
    {
        await using var context = new SavesContext(server.Options<SavesContext>("saves", o => o.UseQuiver(q => q.MaxBatchSize(6000))));
        var tags = Enumerable.Range(0, 6000).Select(i => new Tag { Code = $"wide{i:0000}", Key = Guid.NewGuid() }).ToList();
        context.Tags.AddRange(tags);

        Assert.Equal(6000, await context.SaveChangesAsync());

        await using var fresh = Context();
        var stored = await fresh.Tags.Where(t => t.Code.StartsWith("wide")).ToDictionaryAsync(t => t.Code, t => t.Key);
        Assert.Equal(tags.ToDictionary(t => t.Code, t => t.Key), stored);
    }

    [Fact]
    public async Task A_failing_statement_rolls_back_the_whole_SaveChanges()
    {
        await using var context = Context();
        context.Tags.Add(new Tag { Code = "dup-base", Key = Guid.NewGuid() });
        await context.SaveChangesAsync();

        await using var second = Context();
        second.Tags.Add(new Tag { Code = "dup-new", Key = Guid.NewGuid() });
        second.Tags.Add(new Tag { Code = "dup-base", Key = Guid.NewGuid() });
        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());

        Assert.Equal("23505", Assert.IsType<QuiverException>(failure.InnerException).SqlState);
        await using var fresh = Context();
        Assert.False(await fresh.Tags.AnyAsync(t => t.Code == "dup-new"));
    }

    [Fact]
    public async Task Changes_inside_an_explicit_transaction_are_seen_only_after_commit()
    {
        await using var context = Context();
        await using var transaction = await context.Database.BeginTransactionAsync();
        context.Add(new Account { Owner = "in-transaction" });
        await context.SaveChangesAsync();
        await using var other = Context();

        Assert.False(await other.Accounts.AnyAsync(a => a.Owner == "in-transaction"));
        await transaction.CommitAsync();
        Assert.True(await other.Accounts.AnyAsync(a => a.Owner == "in-transaction"));
    }
}
