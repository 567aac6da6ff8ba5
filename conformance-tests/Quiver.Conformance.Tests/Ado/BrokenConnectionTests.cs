using Quiver.Data;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>Quiver.Data reading a result through a TCP proxy that the test cuts mid-result.</summary>
public sealed class BrokenConnectionTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    private const int Rows = 2_000_000;
    private const string Query = "SELECT i, 'row-' || i AS label FROM range(2000000) t(i)";

    private string ThroughProxy(CuttableProxy proxy, string extra = "")
        => $"Host=127.0.0.1;Port={proxy.Port};Token={fixture.Server.Token};Pooling=false;Application Name=conformance{extra}";

    [Theory]
    [InlineData(false, new long[] { 0 })]
    [InlineData(false, new long[] { 3_000_000 })]
    [InlineData(true, new long[] { 1_000_000, 12_000_000, 30_000_000 })]
    public async Task A_reader_whose_connection_is_cut_mid_result_returns_every_row_exactly_once(bool sync, long[] cuts)
    {
        await using var proxy = new CuttableProxy(fixture.Server.Address);
        await using var connection = new QuiverConnection(ThroughProxy(proxy));
        await connection.OpenAsync();
        await using var command = new QuiverCommand(Query, connection);
        await using var reader = await command.ExecuteReaderAsync();

        var expected = 0L;
        while (sync ? reader.Read() : await reader.ReadAsync())
        {
            if (expected == 1)
            {
                proxy.CutAfter(cuts);
            }

            // Each row once, in order: a repeated or lost row breaks the sequence.
            Assert.Equal(expected, reader.GetInt64(0));
            Assert.Equal($"row-{expected}", reader.GetString(1));
            expected++;
        }

        Assert.Equal(Rows, expected);
        Assert.Equal(cuts.Length, proxy.Cuts);
        await reader.CloseAsync();
        await using var next = new QuiverCommand("SELECT count(*) FROM range(10)", connection);
        Assert.Equal(10L, await next.ExecuteScalarAsync());
    }

    [Fact]
    public async Task With_Reattach_off_a_cut_mid_result_fails_the_reader_with_08006_and_never_looks_like_a_short_result()
    {
        await using var proxy = new CuttableProxy(fixture.Server.Address);
        await using var connection = new QuiverConnection(ThroughProxy(proxy, ";Reattach=false"));
        await connection.OpenAsync();
        await using var command = new QuiverCommand(Query, connection);
        await using var reader = await command.ExecuteReaderAsync();

        var read = 0L;
        var failure = await Assert.ThrowsAsync<QuiverException>(async () =>
        {
            while (await reader.ReadAsync())
            {
                if (++read == 1)
                {
                    proxy.CutAfter(3_000_000);
                }
            }
        });

        Assert.Equal("08006", failure.SqlState);
        Assert.InRange(read, 1, Rows - 1);
        Assert.Equal(1, proxy.Cuts);
    }

    [Fact]
    public async Task A_reader_stopped_early_in_a_reattachable_session_stops_the_server_s_query_at_once()
    {
        await using var connection = await fixture.OpenAsync();
        await using (var command = new QuiverCommand("SELECT i, repeat('x', 100) FROM range(100000000) t(i)", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
        }

        // The release cancelled the operation: the session runs the next command without waiting for a timeout.
        await using var next = new QuiverCommand("SELECT 1", connection);
        Assert.Equal(1, await next.ExecuteScalarAsync());
        await using var running = new QuiverCommand(
            "SELECT count(*) FROM quiver_queries() WHERE outcome = 'running' AND statement LIKE '%range(100000000)%' AND call = 'execute' AND statement NOT LIKE '%quiver_queries%'", connection);
        Assert.Equal(0L, await running.ExecuteScalarAsync());
    }
}
