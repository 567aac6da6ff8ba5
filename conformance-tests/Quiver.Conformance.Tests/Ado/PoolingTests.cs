using Quiver.Data;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests.Ado;

public sealed class PoolingTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    [Fact]
    public async Task Pooled_session_is_reused_and_reset_so_nothing_leaks_to_the_next_user()
    {
        var options = "Maximum Pool Size=1;Application Name=pool-reset";
        string firstSession;
        await using (var first = await fixture.OpenAsync(options))
        {
            firstSession = first.Connector!.Session.SessionId;
            await using var setup = new QuiverCommand(
                "CREATE TEMP TABLE secret AS SELECT 42 AS x; SET TimeZone = 'Asia/Tokyo'; SET VARIABLE v = 1; BEGIN TRANSACTION; CREATE TABLE pool_leak (x INTEGER)", first);
            await setup.ExecuteNonQueryAsync();
        }

        await using var second = await fixture.OpenAsync(options);
        Assert.Equal(firstSession, second.Connector!.Session.SessionId);
        await using var probe = new QuiverCommand(
            "SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('secret', 'pool_leak')), current_setting('TimeZone') = 'Asia/Tokyo', getvariable('v') IS NULL", second);
        await using var reader = await probe.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(0L, reader.GetInt64(0));
        Assert.False(reader.GetBoolean(1));
        Assert.True(reader.GetBoolean(2));
    }

    [Fact]
    public async Task Pool_off_opens_a_new_session_each_time_and_ClearPool_closes_idle_ones()
    {
        string a, b;
        await using (var one = await fixture.OpenAsync("Pooling=false"))
        {
            a = one.Connector!.Session.SessionId;
        }

        await using (var two = await fixture.OpenAsync("Pooling=false"))
        {
            b = two.Connector!.Session.SessionId;
        }

        Assert.NotEqual(a, b);

        var pooled = new QuiverConnection(fixture.ConnectionStringWith("Application Name=clear"));
        await pooled.OpenAsync();
        var before = pooled.Connector!.Session.SessionId;
        await pooled.CloseAsync();
        QuiverConnection.ClearPool(pooled);
        await pooled.OpenAsync();
        Assert.NotEqual(before, pooled.Connector!.Session.SessionId);
        await pooled.CloseAsync();
    }

    [Fact]
    public async Task Exhausted_pool_fails_after_Timeout_with_a_clear_transient_error()
    {
        const string options = "Maximum Pool Size=1;Timeout=3;Application Name=exhausted";

        // Timeout bounds the first open too, and a loaded machine can take longer than 3 s to open a session: the
        // behaviour under test is the second open, so the first one may take a few tries.
        QuiverConnection? held = null;
        for (var attempt = 1; held is null; attempt++)
        {
            try
            {
                held = await fixture.OpenAsync(options);
            }
            catch (QuiverException slow) when (slow.IsTransient && attempt < 20)
            {
            }
        }

        await using var holding = held;
        var error = await Assert.ThrowsAsync<QuiverException>(() => fixture.OpenAsync(options));
        Assert.True(error.IsTransient);
        Assert.Contains("Maximum Pool Size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_a_data_source_closes_its_sessions_on_the_server_before_it_returns()
    {
        var source = QuiverDataSource.Create(fixture.ConnectionStringWith("Application Name=dispose-closes"));
        var connections = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => source.OpenConnectionAsync().AsTask()));
        var sessions = connections.Select(c => c.Connector!.Session.Clone()).ToList();
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        await source.DisposeAsync();

        // Dispose returned only once every close was answered (a process that exits right after loses none).
        Assert.Equal(0, source.PendingCloses);
        await using var probe = await TestSession.OpenAsync(fixture.Server);
        foreach (var session in sessions)
        {
            Assert.Equal(SessionState.Unknown, (await probe.Client.PingAsync(new PingRequest { Session = session }, probe.Auth)).SessionState);
        }
    }

    [Fact]
    public async Task Session_closed_on_the_server_is_discarded_and_the_next_open_gets_a_fresh_one()
    {
        var options = "Maximum Pool Size=1;Application Name=broken";
        string stale;
        await using (var first = await fixture.OpenAsync(options))
        {
            stale = first.Connector!.Session.SessionId;
            await new QuiverCommand("SELECT 1", first).ExecuteScalarAsync();

            // Close the session behind the pool's back, as a server restart or idle expiry would.
            await first.Connector.CloseAsync();
        }

        await using var second = await fixture.OpenAsync(options);
        Assert.NotEqual(stale, second.Connector!.Session.SessionId);
        Assert.Equal(1, await new QuiverCommand("SELECT 1", second).ExecuteScalarAsync());
    }

    [Fact]
    public async Task Data_source_from_DI_and_DbProviderFactories_open_working_connections()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddQuiverDataSource(fixture.ConnectionStringWith("Application Name=di"));
        await using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var source = (QuiverDataSource)provider.GetService(typeof(System.Data.Common.DbDataSource))!;
        await using (var command = source.CreateCommand("SELECT 40 + 2"))
        {
            Assert.Equal(42, await command.ExecuteScalarAsync());
        }

        System.Data.Common.DbProviderFactories.RegisterFactory(QuiverFactory.InvariantName, QuiverFactory.Instance);
        var factory = System.Data.Common.DbProviderFactories.GetFactory(QuiverFactory.InvariantName);
        Assert.True(factory.CanCreateBatch);
        await using var connection = factory.CreateConnection()!;
        connection.ConnectionString = fixture.ConnectionString;
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT 'factory'";
        Assert.Equal("factory", await query.ExecuteScalarAsync());
    }
}
