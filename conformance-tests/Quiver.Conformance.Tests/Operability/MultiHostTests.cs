using Grpc.Core;
using Quiver.Data;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests.Operability;

/// <summary>Several servers: Quiver.Data's Host list, and two servers behind one address (a TCP balancer).</summary>
public sealed class MultiHostTests
{
    private const string Token = "shared-token-0123456789abcdef";

    [Fact]
    public async Task New_sessions_spread_over_the_hosts_fewest_sessions_first()
    {
        await using var first = await ServerProcess.StartAsync(null, false, "--token", Token);
        await using var second = await ServerProcess.StartAsync(null, false, "--token", Token);
        await using var source = QuiverDataSource.Create($"Host={first.HostAndPort},{second.HostAndPort};Token={Token};Pooling=false");
        var connections = new List<QuiverConnection>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                connections.Add(await source.OpenConnectionAsync());
            }

            var perServer = new List<long>();
            foreach (var connection in connections)
            {
                perServer.Add(await ScalarAsync(connection, "SELECT count(*) FROM quiver_sessions()"));
            }

            // Each connection sees the sessions of the server it is on: three and three.
            Assert.All(perServer, count => Assert.Equal(3, count));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_host_that_is_down_is_skipped_and_all_down_is_one_clear_error()
    {
        await using var up = await ServerProcess.StartAsync(null, false, "--token", Token);
        var down = $"127.0.0.1:{LoopbackPort.Free()}";
        var downToo = $"127.0.0.1:{LoopbackPort.Free()}";

        await using (var connection = new QuiverConnection($"Host={down},{up.HostAndPort};Token={Token};Pooling=false;Timeout=10"))
        {
            await connection.OpenAsync();
            Assert.Equal(1, await ScalarAsync(connection, "SELECT 1"));
        }

        await using var nowhere = new QuiverConnection($"Host={down},{downToo};Token={Token};Pooling=false;Timeout=10");
        var error = await Assert.ThrowsAsync<QuiverException>(() => nowhere.OpenAsync());

        Assert.Equal("08001", error.SqlState);
        Assert.True(error.Transient);
        Assert.Contains(down, error.MessageText, StringComparison.Ordinal);
        Assert.Contains(downToo, error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Behind_one_address_each_client_connection_stays_on_its_server_and_a_foreign_session_is_a_clear_error()
    {
        await using var first = await ServerProcess.StartAsync(null, false, "--token", Token);
        await using var second = await ServerProcess.StartAsync(null, false, "--token", Token);
        await using var balancer = new CuttableProxy(first.Address, second.Address);
        // Two data sources (two HTTP/2 connections): the balancer sends one to each server.
        await using var a = new QuiverConnection($"Host=127.0.0.1:{balancer.Port};Token={Token};Pooling=false;Application Name=a");
        await using var b = new QuiverConnection($"Host=127.0.0.1:{balancer.Port};Token={Token};Pooling=false;Application Name=b");
        await a.OpenAsync();
        await b.OpenAsync();
        await ScalarAsync(a, "CREATE TEMP TABLE mine AS SELECT 41 AS v");

        // Every later call of a session reaches the server holding its temp table.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(42, await ScalarAsync(a, "SELECT v + 1 FROM mine"));
            Assert.Equal(1, await ScalarAsync(b, "SELECT 1"));
        }

        Assert.Equal(2, balancer.Connections);

        // A session of the first server presented to the second is refused, saying why.
        await using var onFirst = await TestSession.OpenAsync(first, Token);
        await using var onSecond = await TestSession.OpenAsync(second, Token);
        var foreign = onSecond.Request("SELECT 1");
        foreign.Session = onFirst.Session;
        var refused = await Assert.ThrowsAsync<RpcException>(() => onSecond.ExecuteAsync(foreign));

        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        Assert.Contains("another server", refused.Status.Detail, StringComparison.Ordinal);
    }

    private static async Task<long> ScalarAsync(QuiverConnection connection, string sql)
    {
        await using var command = new QuiverCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
