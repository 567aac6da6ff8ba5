using System.Data;
using Quiver.Data;

namespace Quiver.Conformance.Tests.Ado;

public sealed class ConnectionTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    [Fact]
    public async Task Open_connection_reports_server_engine_tenant_and_database_and_raises_StateChange()
    {
        var changes = new List<(ConnectionState, ConnectionState)>();
        await using var connection = new QuiverConnection(fixture.ConnectionString);
        connection.StateChange += (_, e) => changes.Add((e.OriginalState, e.CurrentState));
        await connection.OpenAsync();
        Assert.NotEmpty(connection.ServerVersion);
        Assert.StartsWith("duckdb v", connection.EngineVersion, StringComparison.Ordinal);
        Assert.Equal("default", connection.Tenant);
        Assert.Equal("quiver", connection.Database);
        Assert.Equal(fixture.Server.HostAndPort, connection.DataSource);
        Assert.DoesNotContain(fixture.Server.Token, connection.ConnectionString, StringComparison.Ordinal);
        connection.ChangeDatabase("quiver");
        Assert.Equal("quiver", connection.Database);
        await connection.CloseAsync();
        Assert.Equal([(ConnectionState.Closed, ConnectionState.Connecting), (ConnectionState.Connecting, ConnectionState.Open), (ConnectionState.Open, ConnectionState.Closed)], changes);
    }

    [Fact]
    public async Task Tenant_the_token_does_not_grant_and_a_wrong_token_fail_with_28000()
    {
        var tenant = await Assert.ThrowsAsync<QuiverException>(() => fixture.OpenAsync("Tenant=someone-else"));
        Assert.Equal("28000", tenant.SqlState);
        Assert.Contains("someone-else", tenant.Message, StringComparison.Ordinal);

        await using var wrong = new QuiverConnection($"Host={fixture.Server.Address.Host};Port={fixture.Server.Address.Port};Token=not-the-right-token-at-all");
        var refused = await Assert.ThrowsAsync<QuiverException>(() => wrong.OpenAsync());
        Assert.Equal("28000", refused.SqlState);
        Assert.DoesNotContain("not-the-right-token-at-all", refused.ToString(), StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Closed, wrong.State);
    }

    [Fact]
    public async Task A_username_sends_the_token_as_Basic_authentication_which_must_name_the_tokens_principal()
    {
        var address = $"Host={fixture.Server.Address.Host};Port={fixture.Server.Address.Port}";
        await using (var right = new QuiverConnection($"{address};User ID=default;Password={fixture.Server.Token}"))
        {
            await right.OpenAsync();
            Assert.Equal(1, await new QuiverCommand("SELECT 1", right).ExecuteScalarAsync());
            Assert.DoesNotContain(fixture.Server.Token, right.ConnectionString, StringComparison.Ordinal);
        }

        await using var other = new QuiverConnection($"{address};Username=mallory;Token={fixture.Server.Token}");
        var refused = await Assert.ThrowsAsync<QuiverException>(() => other.OpenAsync());
        Assert.Equal("28000", refused.SqlState);
    }

    [Fact]
    public async Task Nobody_listening_is_a_transient_connection_error()
    {
        await using var connection = new QuiverConnection("Host=127.0.0.1;Port=1;Token=some-token-value-123;Timeout=5");
        var error = await Assert.ThrowsAsync<QuiverException>(() => connection.OpenAsync());
        Assert.True(error.IsTransient);
        Assert.Equal("08006", error.SqlState);
    }
}
