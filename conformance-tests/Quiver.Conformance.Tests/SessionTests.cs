using Grpc.Core;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;
using Quiver.GrpcPeers;

namespace Quiver.Conformance.Tests;

/// <summary>Sessions on the real server: lifecycle, ownership, isolation, expiry and limits.</summary>
public sealed class SessionTests
{
    [Fact]
    public async Task Open_ping_and_close_a_session()
    {
        await using var server = await ServerProcess.StartAsync();
        var session = await TestSession.OpenAsync(server, request: new OpenSessionRequest
        {
            MinProtocolVersion = 1, MaxProtocolVersion = 3, Capabilities = { Capability.Parameters, Capability.Reattach },
            Settings = { ["TimeZone"] = "Europe/Paris" },
        });
        var ping = new PingRequest { Session = session.Session };

        Assert.Equal(1u, session.Opened.ProtocolVersion);
        // Reattach without Release is not granted: the two work only together.
        Assert.Equal([Capability.Parameters], session.Opened.Capabilities);
        Assert.Equal("Europe/Paris", session.Opened.Settings["TimeZone"]);
        Assert.Equal("duckdb", session.Opened.Engine);
        Assert.Equal(22, session.Session.SessionId.Length);
        Assert.Equal(SessionState.Active, (await session.Client.PingAsync(ping, session.Auth)).SessionState);
        Assert.Equal("Europe/Paris", await session.ScalarAsync("SELECT current_setting('TimeZone')"));

        await session.Client.CloseSessionAsync(new CloseSessionRequest { Session = session.Session }, session.Auth);

        Assert.Equal(SessionState.Unknown, (await session.Client.PingAsync(ping, session.Auth)).SessionState);
        var closed = await Assert.ThrowsAsync<RpcException>(() => session.ExecuteAsync("SELECT 1"));
        Assert.Equal(StatusCode.NotFound, closed.StatusCode);
        Assert.Equal(ErrorClass.Session, closed.Error!.ErrorClass);
        await session.DisposeAsync();
    }

    [Fact]
    public async Task A_session_id_from_an_earlier_server_run_is_stale()
    {
        var folder = ServerProcess.NewDataFolder();
        try
        {
            SessionRef old;
            await using (var first = await ServerProcess.StartAsync(folder))
            {
                await using var session = await TestSession.OpenAsync(first);
                old = session.Session;
            }

            await using var second = await ServerProcess.StartAsync(folder);
            await using var other = await TestSession.OpenAsync(second);
            var stale = await Assert.ThrowsAsync<RpcException>(() => other.ExecuteAsync(new ExecuteRequest
            {
                Session = old, OperationId = "x", Statements = { new Statement { Sql = "SELECT 1" } },
            }));
            Assert.Equal(StatusCode.NotFound, stale.StatusCode);
            Assert.Contains("restarted", stale.Detail, StringComparison.Ordinal);
            Assert.Equal(SessionState.Stale, (await other.Client.PingAsync(new PingRequest { Session = old }, other.Auth)).SessionState);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Temp_tables_settings_and_transactions_are_private_to_their_session()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var a = await TestSession.OpenAsync(server);
        await using var b = await TestSession.OpenAsync(server);
        await a.QueryAsync("CREATE TABLE shared(x INTEGER)");

        await a.QueryAsync("CREATE TEMP TABLE mine AS SELECT 42 AS answer");
        await a.QueryAsync("SET TimeZone = 'Asia/Tokyo'");
        await a.QueryAsync("SET VARIABLE v = 7");
        await a.QueryAsync("BEGIN TRANSACTION");
        await a.QueryAsync("INSERT INTO shared VALUES (1)");

        Assert.Equal(42, await a.ScalarAsync("SELECT answer FROM mine"));
        Assert.Equal("42P01", (await b.ExecuteAsync("SELECT * FROM mine")).Error!.SqlState);
        Assert.Equal("Asia/Tokyo", await a.ScalarAsync("SELECT current_setting('TimeZone')"));
        Assert.NotEqual("Asia/Tokyo", await b.ScalarAsync("SELECT current_setting('TimeZone')"));
        Assert.Null(await b.ScalarAsync("SELECT getvariable('v')"));
        Assert.Equal(1L, await a.ScalarAsync("SELECT count(*) FROM shared"));
        Assert.Equal(0L, await b.ScalarAsync("SELECT count(*) FROM shared"));

        await a.QueryAsync("COMMIT");
        Assert.Equal(1L, await b.ScalarAsync("SELECT count(*) FROM shared"));
    }

    [Fact]
    public async Task Another_principal_cannot_see_use_or_cancel_a_session_and_tenants_have_their_own_databases()
    {
        await using var server = await ServerProcess.StartWithTokensAsync("""
            {"tokens": [
              {"token": "alice-token-0123456789", "principal": "alice", "tenant": "acme"},
              {"token": "bob-token-0123456789ab", "principal": "bob", "tenant": "acme"},
              {"token": "carol-token-0123456789", "principal": "carol", "tenant": "globex"}
            ]}
            """);
        await using var alice = await TestSession.OpenAsync(server, "alice-token-0123456789");
        await using var bob = await TestSession.OpenAsync(server, "bob-token-0123456789ab");
        await using var carol = await TestSession.OpenAsync(server, "carol-token-0123456789");
        await alice.QueryAsync("CREATE TABLE acme_data AS SELECT 1 AS x");

        var foreign = new ExecuteRequest { Session = alice.Session, OperationId = "x", Statements = { new Statement { Sql = "SELECT 1" } } };
        var used = await Assert.ThrowsAsync<RpcException>(() => bob.ExecuteAsync(foreign));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => bob.ExecuteAsync(new ExecuteRequest
        {
            Session = new SessionRef { SessionId = "AAAAAAAAAAAAAAAAAAAAAA", Epoch = alice.Session.Epoch }, OperationId = "y",
            Statements = { new Statement { Sql = "SELECT 1" } },
        }));
        var cancel = await Assert.ThrowsAsync<RpcException>(() => bob.Client.CancelAsync(new CancelRequest { Session = alice.Session }, bob.Auth));

        Assert.Equal(unknown.StatusCode, used.StatusCode);
        Assert.Equal(unknown.Detail, used.Detail);
        Assert.Equal(StatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(SessionState.Unknown, (await bob.Client.PingAsync(new PingRequest { Session = alice.Session }, bob.Auth)).SessionState);
        Assert.Equal(1, await bob.ScalarAsync("SELECT x FROM acme_data"));
        Assert.Equal("42P01", (await carol.ExecuteAsync("SELECT x FROM acme_data")).Error!.SqlState);
        Assert.True(File.Exists(Path.Combine(server.DataFolder, "tenants", "acme.duckdb")));
    }

    [Fact]
    public async Task Idle_sessions_expire_and_session_limits_are_clear_errors()
    {
        await using var server = await ServerProcess.StartAsync(null, false, "--idle-timeout", "2s", "--max-sessions-per-principal", "2");
        using var channel = QuiverChannel.Create(server.Address);
        var idle = await TestSession.OpenAsync(server, channel: channel);
        await using var busy = await TestSession.OpenAsync(server, channel: channel);

        var third = await Assert.ThrowsAsync<RpcException>(() => TestSession.OpenAsync(server, channel: channel));
        Assert.Equal(StatusCode.ResourceExhausted, third.StatusCode);
        Assert.Contains("max-sessions-per-principal", third.Detail, StringComparison.Ordinal);

        // One session stays in use (an operation runs in it, and a running session never expires); the other is left
        // idle. Nothing here depends on how fast the machine is: the idle one is awaited with a generous bound.
        using var stop = new CancellationTokenSource();
        await using var running = await busy.Client.ExecuteAsync(busy.Request(ExecuteTests.LongQuery), busy.Auth with { CancellationToken = stop.Token });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await idle.Client.PingAsync(new PingRequest { Session = idle.Session }, idle.Auth)).SessionState != SessionState.Unknown)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "The idle session did not expire within 60 s of a 2 s idle timeout.");
            await Task.Delay(100);
        }

        Assert.Equal(SessionState.Active, (await busy.Client.PingAsync(new PingRequest { Session = busy.Session }, busy.Auth)).SessionState);
        await stop.CancelAsync();
        await using var replacement = await TestSession.OpenAsync(server, channel: channel);
        await idle.DisposeAsync();
    }

    [Fact]
    public async Task An_idle_client_keeps_its_connection_and_its_session_past_the_orphaned_session_timeout()
    {
        await using var server = await ServerProcess.StartAsync(null, false, "--orphaned-session-timeout", "1s", "--keepalive-interval", "1s", "--keepalive-timeout", "5s");
        await using var session = await TestSession.OpenAsync(server);

        // Idle for several orphaned-session timeouts and keep-alive pings: the connection must stay open (the client
        // answers the pings), so the session is still there.
        await Task.Delay(TimeSpan.FromSeconds(4));

        Assert.Equal(SessionState.Active, (await session.Client.PingAsync(new PingRequest { Session = session.Session }, session.Auth)).SessionState);
        Assert.Equal(1, await session.ScalarAsync("SELECT 1"));
    }

    [Fact]
    public async Task A_client_whose_connection_is_gone_loses_its_session_and_its_transaction_soon()
    {
        await using var server = await ServerProcess.StartAsync(null, false, "--orphaned-session-timeout", "1s", "--max-sessions-per-principal", "2");
        await using var other = await TestSession.OpenAsync(server);
        await other.RunAsync("CREATE TABLE held (id INTEGER PRIMARY KEY, v INTEGER)", "INSERT INTO held VALUES (1, 0)");

        // A client opens a transaction that writes the row, then its process dies: the OS closes its connection.
        var dead = QuiverChannel.Create(server.Address);
        var gone = await TestSession.OpenAsync(server, channel: dead);
        await gone.RunAsync("BEGIN TRANSACTION", "UPDATE held SET v = 1 WHERE id = 1");
        var conflict = await other.ExecuteAsync("UPDATE held SET v = 2 WHERE id = 1");
        Assert.Equal("40001", conflict.Error?.SqlState);
        dead.Dispose();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await other.Client.PingAsync(new PingRequest { Session = gone.Session }, other.Auth)).SessionState != SessionState.Unknown)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "The orphaned session was not closed within 60 s of a 1 s timeout.");
            await Task.Delay(100);
        }

        // Its transaction was rolled back, and it no longer counts against the principal's two sessions.
        await other.RunAsync("UPDATE held SET v = 2 WHERE id = 1");
        Assert.Equal(2, await other.ScalarAsync("SELECT v FROM held"));
        await using var replacement = await TestSession.OpenAsync(server);
    }

    [Fact]
    public async Task The_event_log_records_sessions_and_operations_as_JSON_lines()
    {
        var log = Path.GetTempFileName();
        try
        {
            await using (var server = await ServerProcess.StartAsync(null, false, "--event-log", log))
            {
                await using var session = await TestSession.OpenAsync(server, request: new OpenSessionRequest { ApplicationName = "event-log-test" });
                await session.RunAsync("SELECT * FROM range(10)");
                await session.ExecuteAsync("SELEC 1");
            }

            var events = (await File.ReadAllLinesAsync(log)).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).ToList();

            Assert.Equal(["session_open", "operation", "operation", "session_close"], events.Select(e => e["event"]!.GetValue<string>()));
            Assert.Equal("event-log-test", events[0]["application"]!.GetValue<string>());
            Assert.Equal(("succeeded", 10L), (events[1]["outcome"]!.GetValue<string>(), events[1]["rows"]!.GetValue<long>()));
            Assert.Equal(("failed", "42601"), (events[2]["outcome"]!.GetValue<string>(), events[2]["sql_state"]!.GetValue<string>()));
            Assert.All(events, e => Assert.True(DateTimeOffset.TryParse(e["time"]!.GetValue<string>(), out _)));
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public async Task A_setting_that_is_not_per_session_fails_OpenSession_and_names_it()
    {
        await using var server = await ServerProcess.StartAsync();
        var refused = await Assert.ThrowsAsync<RpcException>(() => TestSession.OpenAsync(server, request: new OpenSessionRequest
        {
            Settings = { ["threads"] = "1" },
        }));

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("'threads'", refused.Detail, StringComparison.Ordinal);
    }
}
