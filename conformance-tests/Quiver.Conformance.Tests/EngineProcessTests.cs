using System.Diagnostics;
using Google.Protobuf;
using System.Text.RegularExpressions;
using Grpc.Core;
using Quiver.Data;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests;

/// <summary>Tenants with process isolation: their DuckDB runs in an engine process the server starts and watches.</summary>
public sealed partial class EngineProcessTests
{
    internal const string Tokens = """
        {"tokens": [
          {"token": "alpha-token-0123456789", "principal": "alice", "tenant": "alpha"},
          {"token": "alpha-other-0123456789", "principal": "arthur", "tenant": "alpha"},
          {"token": "beta-token-01234567890", "principal": "bob", "tenant": "beta"},
          {"token": "gamma-token-0123456789", "principal": "gina", "tenant": "gamma"}
        ],
         "tenants": {
           "alpha": {"isolation": "process", "memory_limit": "100MiB", "threads": 1},
           "beta": {"isolation": "process", "min_workers": 1}
         }}
        """;

    private static string ConnectionString(ServerProcess server, string token) =>
        $"Host={server.Address.Host};Port={server.Address.Port};Token={token};Pooling=false";

    internal static int EnginePid(ServerProcess server, string tenant, int nth = 0)
    {
        var started = EngineStarted().Matches(server.Output).Where(m => m.Groups[1].Value == tenant).ToList();
        Assert.True(started.Count > nth, server.Output);
        return int.Parse(started[nth].Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_tenant_with_process_isolation_runs_in_an_engine_process_with_its_own_limits_and_its_own_file()
    {
        var data = ServerProcess.NewDataFolder();
        try
        {
            int pid;
            await using (var server = await ServerProcess.StartWithTokensAsync(Tokens, "--data", data))
            {
                await using var alpha = new QuiverConnection(ConnectionString(server, "alpha-token-0123456789"));
                await alpha.OpenAsync();
                await using (var create = new QuiverCommand("CREATE TABLE kept AS SELECT i FROM range(1000) t(i)", alpha))
                {
                    await create.ExecuteNonQueryAsync();
                }

                await using var settings = new QuiverCommand("SELECT current_setting('memory_limit'), current_setting('threads')", alpha);
                await using (var reader = await settings.ExecuteReaderAsync())
                {
                    Assert.True(await reader.ReadAsync());
                    Assert.Equal(("100.0 MiB", 1L), (reader.GetString(0), reader.GetInt64(1)));
                }

                pid = EnginePid(server, "alpha");
                Assert.NotEqual(server.ProcessId, pid);
                Assert.Contains("--worker-tenant\0alpha", await File.ReadAllTextAsync($"/proc/{pid}/cmdline"), StringComparison.Ordinal);
                // beta keeps an engine process started (min_workers 1) before any session asks for one.
                EnginePid(server, "beta");

                // Another principal of the same tenant cannot use alice's session, in the engine process either.
                await using var arthur = await TestSession.OpenAsync(server, "alpha-other-0123456789");
                await using var alice = await TestSession.OpenAsync(server, "alpha-token-0123456789");
                var foreign = new ExecuteRequest { Session = alice.Session, OperationId = "foreign", Statements = { new Statement { Sql = "SELECT 1" } } };
                var refused = await Assert.ThrowsAsync<RpcException>(() => arthur.ExecuteAsync(foreign));
                Assert.Equal(StatusCode.NotFound, refused.StatusCode);
                Assert.Equal(SessionState.Unknown, (await arthur.Client.PingAsync(new PingRequest { Session = alice.Session }, arthur.Auth)).SessionState);
                Assert.Equal(SessionState.Active, (await alice.Client.PingAsync(new PingRequest { Session = alice.Session }, alice.Auth)).SessionState);
                Assert.Equal("alpha", alice.Opened.Tenant);
            }

            // The engine process goes with the server (its standard input closes); then its file is free.
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (Directory.Exists($"/proc/{pid}") && DateTime.UtcNow < until)
            {
                await Task.Delay(100);
            }

            Assert.False(Directory.Exists($"/proc/{pid}"), "the engine process outlived its server");

            // The engine process used the tenant's own database file: the server reads the same rows in-process.
            var inProcess = Tokens.Replace("\"isolation\": \"process\", \"memory_limit\"", "\"memory_limit\"", StringComparison.Ordinal);
            await using var again = await ServerProcess.StartWithTokensAsync(inProcess, "--data", data);
            await using var session = await TestSession.OpenAsync(again, "alpha-token-0123456789");
            Assert.Equal(1000L, await session.ScalarAsync("SELECT count(*) FROM kept"));
            Assert.DoesNotContain("Engine process of tenant 'alpha'", again.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Killing_an_engine_process_fails_only_its_tenant_s_running_query_and_its_next_session_finds_its_data()
    {
        await using var server = await ServerProcess.StartWithTokensAsync(Tokens.Replace("\"memory_limit\": \"100MiB\", ", "", StringComparison.Ordinal));
        await using (var setup = new QuiverConnection(ConnectionString(server, "alpha-token-0123456789")))
        {
            await setup.OpenAsync();
            await using var create = new QuiverCommand("CREATE TABLE committed AS SELECT i FROM range(1000) t(i)", setup);
            await create.ExecuteNonQueryAsync();
        }

        // Two other tenants, one in its own engine process and one in the server's, query all through the crash.
        using var stop = new CancellationTokenSource();
        var others = new[] { "beta-token-01234567890", "gamma-token-0123456789" }.Select(token => Task.Run(async () =>
        {
            await using var connection = new QuiverConnection(ConnectionString(server, token));
            await connection.OpenAsync();
            var served = 0;
            while (!stop.IsCancellationRequested)
            {
                await using var command = new QuiverCommand("SELECT count(*) FROM range(1000)", connection);
                Assert.Equal(1000L, await command.ExecuteScalarAsync());
                served++;
            }

            return served;
        })).ToArray();

        await using var victim = new QuiverConnection(ConnectionString(server, "alpha-token-0123456789"));
        await victim.OpenAsync();
        await using var endless = new QuiverCommand("SELECT count(*) FROM range(100000000000) t(i) WHERE i % 7 = 3", victim) { CommandTimeout = 0 };
        var running = endless.ExecuteScalarAsync();
        await Task.Delay(1000);
        Assert.False(running.IsCompleted);

        var clock = Stopwatch.StartNew();
        kill(EnginePid(server, "alpha"), 9);
        var lost = await Assert.ThrowsAsync<QuiverException>(() => running.WaitAsync(TimeSpan.FromSeconds(60)));
        var failedAfter = clock.Elapsed;
        await Task.Delay(500);
        await stop.CancelAsync();
        var served = await Task.WhenAll(others);

        Assert.Equal("57P01", lost.SqlState);
        Assert.True(lost.IsTransient);
        Assert.Contains("tenant 'alpha'", lost.Message, StringComparison.Ordinal);
        Assert.Contains("signal 9", lost.Message, StringComparison.Ordinal);
        Assert.All(served, count => Assert.True(count > 0));
        Console.WriteLine($"The killed tenant's query failed {failedAfter.TotalMilliseconds:0} ms after the kill; the others served {served[0]} and {served[1]} queries.");

        // The server starts a new engine process; the tenant's next session works and its committed rows are there.
        await using var next = new QuiverConnection(ConnectionString(server, "alpha-token-0123456789"));
        await next.OpenAsync();
        await using var count = new QuiverCommand("SELECT count(*), sum(i) FROM committed", next);
        await using var reader = await count.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((1000L, 499500m), (reader.GetInt64(0), reader.GetDecimal(1)));
        Assert.NotEqual(EnginePid(server, "alpha", 0), EnginePid(server, "alpha", 1));
    }

    [Fact]
    public async Task A_query_over_its_tenant_s_memory_limit_fails_with_53200_and_leaves_the_engine_process_serving()
    {
        await using var server = await ServerProcess.StartWithTokensAsync(Tokens);
        await using var alpha = await TestSession.OpenAsync(server, "alpha-token-0123456789");
        await using var gamma = await TestSession.OpenAsync(server, "gamma-token-0123456789");
        const string Big = "SELECT length(list(i)) FROM range(100000000) t(i)";

        var refused = await alpha.ExecuteAsync(Big);
        var after = await alpha.ScalarAsync("SELECT count(*) FROM range(1000)");
        var other = await gamma.ScalarAsync("SELECT count(*) FROM range(1000)");

        Assert.Equal("53200", refused.Error?.SqlState);
        Assert.Equal(1000L, after);
        Assert.Equal(1000L, other);
        Assert.DoesNotContain("stopped", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_metadata_describe_cancel_pool_reset_and_reattach_reach_a_process_tenant_through_the_server()
    {
        await using var server = await ServerProcess.StartWithTokensAsync(Tokens.Replace("\"memory_limit\": \"100MiB\", ", "", StringComparison.Ordinal));
        var pooled = $"Host={server.Address.Host};Port={server.Address.Port};Token=alpha-token-0123456789";
        await using (var connection = new QuiverConnection(pooled))
        {
            await connection.OpenAsync();
            var ingested = await connection.IngestAsync(new IngestTarget { Table = "ingested", Mode = IngestMode.Create }, Ingest.IngestTests.Streams(1000, 300), CancellationToken.None);
            Assert.Equal(1000UL, ingested);
            Assert.Contains(connection.GetSchema("Tables").Rows.Cast<System.Data.DataRow>(), r => (string)r["table_name"] == "ingested");
            await using (var temp = new QuiverCommand("CREATE TEMP TABLE scratch AS SELECT 1 AS x", connection))
            {
                await temp.ExecuteNonQueryAsync();
            }

            await using var endless = new QuiverCommand("SELECT count(*) FROM range(100000000000) t(i) WHERE i % 7 = 3", connection) { CommandTimeout = 0 };
            var running = endless.ExecuteScalarAsync();
            await Task.Delay(500);
            endless.Cancel();
            var cancelled = await Assert.ThrowsAsync<QuiverException>(() => running.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.Equal("57014", cancelled.SqlState);
        }

        // The pooled session comes back reset (ResetSession relayed): its temp table is gone, the tenant's table stays.
        await using (var again = new QuiverConnection(pooled))
        {
            await again.OpenAsync();
            await using var probe = new QuiverCommand("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'scratch'", again);
            Assert.Equal(0L, await probe.ExecuteScalarAsync());
            await using var count = new QuiverCommand("SELECT count(*) FROM ingested", again);
            Assert.Equal(1000L, await count.ExecuteScalarAsync());
        }

        await using var raw = await TestSession.OpenAsync(server, "alpha-token-0123456789");
        var described = await raw.Client.DescribeAsync(new DescribeRequest { Session = raw.Session, Sql = "SELECT i FROM ingested WHERE i < $1" }, raw.Auth);
        Assert.Equal(StatementKind.Query, described.Kind);
        Assert.False(described.ParameterSchema.IsEmpty);

        // A connection cut mid-result is resumed through the server's relay to the engine process.
        await using var proxy = new CuttableProxy(server.Address);
        await using var cut = new QuiverConnection($"Host=127.0.0.1;Port={proxy.Port};Token=alpha-token-0123456789;Pooling=false");
        await cut.OpenAsync();
        await using var scan = new QuiverCommand("SELECT i FROM range(2000000) t(i)", cut);
        await using var reader = await scan.ExecuteReaderAsync();
        var expected = 0L;
        while (await reader.ReadAsync())
        {
            if (expected == 1)
            {
                proxy.CutAfter(2_000_000);
            }

            Assert.Equal(expected++, reader.GetInt64(0));
        }

        Assert.Equal(2_000_000L, expected);
        Assert.Equal(1, proxy.Cuts);
    }

    [Fact]
    public async Task Flight_SQL_says_clearly_that_it_does_not_reach_a_tenant_in_an_engine_process_yet()
    {
        await using var server = await ServerProcess.StartWithTokensAsync(Tokens);
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(server.Address);
        var flight = new Apache.Arrow.Flight.Client.FlightClient(channel);
        var headers = new Metadata { { "authorization", "Bearer alpha-token-0123456789" } };
        var command = new Quiver.Server.Flight.Sql.CommandStatementQuery { Query = "SELECT 1" };
        var descriptor = Apache.Arrow.Flight.FlightDescriptor.CreateCommandDescriptor(Google.Protobuf.WellKnownTypes.Any.Pack(command).ToByteArray());

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await flight.GetInfo(descriptor, headers));

        Assert.Equal(StatusCode.Unimplemented, refused.StatusCode);
        Assert.Contains("engine process", refused.Status.Detail, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Engine process of tenant '([^']+)' started \(pid (\d+)\)")]
    private static partial Regex EngineStarted();

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
