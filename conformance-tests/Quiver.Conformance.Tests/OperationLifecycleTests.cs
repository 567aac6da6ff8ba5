using Grpc.Core;
using System.Diagnostics;
using System.Reflection;
using Quiver.GrpcPeers;
using Quiver.Protocol;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests;

/// <summary>Cancellation, timeouts, disconnects, bounded memory for big results, and shutdown, on the real server.</summary>
public sealed class OperationLifecycleTests
{
    [Fact]
    public async Task Cancel_stops_a_long_query_within_a_second_and_the_session_stays_usable()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var session = await TestSession.OpenAsync(server);
        var request = session.Request(ExecuteTests.LongQuery);

        // The response headers come once the operation runs, so the Cancel below finds it.
        await using var running = await session.Client.ExecuteAsync(request, session.Auth);
        var clock = Stopwatch.StartNew();
        var cancelled = await session.Client.CancelAsync(new CancelRequest { Session = session.Session, OperationId = request.OperationId }, session.Auth);
        var result = await OperationResult.ReadAsync(running);
        clock.Stop();

        // The query would run for hours; the bound is generous because a loaded machine is slow.
        Assert.Equal(1u, cancelled.Cancelled);
        Assert.Equal(("57014", ErrorClass.Cancelled), (result.Error!.SqlState, result.Error.ErrorClass));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(1, await session.ScalarAsync("SELECT 1"));
    }

    [Fact]
    public async Task A_statement_timeout_cancels_with_a_timeout_error()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var session = await TestSession.OpenAsync(server);
        var request = session.Request(ExecuteTests.LongQuery);
        request.Options = new ExecuteOptions { TimeoutMs = 300 };

        var result = await session.ExecuteAsync(request);

        Assert.Equal(("57014", ErrorClass.Timeout), (result.Error!.SqlState, result.Error.ErrorClass));
        Assert.Contains("timeout", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_every_operation_slot_is_busy_a_new_operation_waits_then_fails_transiently()
    {
        await using var server = await ServerProcess.StartAsync(null, false, "--max-concurrent-operations", "1", "--operation-queue-timeout", "300ms");
        await using var busy = await TestSession.OpenAsync(server);
        await using var waiting = await TestSession.OpenAsync(server);
        // The server sends the response headers once the operation holds its slot.
        await using (var running = await busy.Client.ExecuteAsync(busy.Request(ExecuteTests.LongQuery), busy.Auth))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => waiting.ExecuteAsync("SELECT 1"));
            await busy.Client.CancelAsync(new CancelRequest { Session = busy.Session }, busy.Auth);
            await OperationResult.ReadAsync(running);

            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
            Assert.True(refused.Error!.Transient);
            Assert.Contains("max-concurrent-operations", refused.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(1, await waiting.ScalarAsync("SELECT 1"));
    }

    [Fact]
    public async Task A_client_that_goes_away_frees_its_operation_promptly()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var session = await TestSession.OpenAsync(server);
        using (var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.ExecuteAsync(session.Request(ExecuteTests.LongQuery), gone.Token));
        }

        // The engine was interrupted, so the session's single operation slot frees up, long before the session's idle
        // timeout (30 min) could have ended anything. The bound is generous because a loaded machine is slow.
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                Assert.Equal(1, await session.ScalarAsync("SELECT 1"));
                break;
            }
            catch (RpcException busy) when (busy.StatusCode == StatusCode.FailedPrecondition && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(20);
            }
        }
    }

    [Fact]
    public async Task One_principal_cannot_take_every_operation_slot()
    {
        await using var server = await ServerProcess.StartWithTokensAsync(
            """
            {"tokens": [
              {"token": "greedy-token-0123456789", "principal": "greedy"},
              {"token": "modest-token-0123456789", "principal": "modest"}
            ]}
            """,
            "--max-concurrent-operations", "4", "--max-operations-per-principal", "2", "--operation-queue-timeout", "300ms");
        var greedy = new List<TestSession>();
        var running = new List<Quiver.Protocol.Grpc.IGrpcResponseStream<ExecuteEvent>>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                greedy.Add(await TestSession.OpenAsync(server, "greedy-token-0123456789"));
            }

            // Response headers come once an operation holds its slots: two of greedy's run.
            running.Add(await greedy[0].Client.ExecuteAsync(greedy[0].Request(ExecuteTests.LongQuery), greedy[0].Auth));
            running.Add(await greedy[1].Client.ExecuteAsync(greedy[1].Request(ExecuteTests.LongQuery), greedy[1].Auth));
            var third = await Assert.ThrowsAsync<RpcException>(() => greedy[2].ExecuteAsync("SELECT 1"));
            Assert.Equal(StatusCode.Unavailable, third.StatusCode);
            Assert.True(third.Error!.Transient);
            Assert.Contains("max-operations-per-principal", third.Detail, StringComparison.Ordinal);

            await using var modest = await TestSession.OpenAsync(server, "modest-token-0123456789");
            Assert.Equal(1, await modest.ScalarAsync("SELECT 1"));
        }
        finally
        {
            foreach (var stream in running)
            {
                await stream.DisposeAsync();
            }

            foreach (var session in greedy)
            {
                await session.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_client_that_stops_reading_loses_its_stream_and_frees_its_operation_and_slot()
    {
        await using var server = await ServerProcess.StartAsync(
            null, false, "--stream-stall-timeout", "1s", "--max-concurrent-operations", "1", "--operation-queue-timeout", "120s");
        await using var reader = await TestSession.OpenAsync(server);
        await using var other = await TestSession.OpenAsync(server);

        // A big result the client never reads: the server's writes wait for flow control, then the stream is reset.
        await using var stalled = await reader.Client.ExecuteAsync(reader.Request("SELECT i, repeat('x', 100) FROM range(10000000) t(i)"), reader.Auth);

        // Another session's operation waits for the only slot (the queue timeout is far longer than the stall timeout),
        // and gets it once the stalled operation is gone.
        Assert.Equal(1, await other.ScalarAsync("SELECT 1"));
        var reset = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (await stalled.MoveNextAsync())
            {
            }
        });
        Assert.True(reset is RpcException or IOException or HttpRequestException, reset.ToString());
        // The console logger writes from a background thread: the warning may come a moment after the reset.
        var logged = Stopwatch.StartNew();
        while (!server.Output.Contains("stream-stall-timeout", StringComparison.Ordinal) && logged.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        Assert.Contains("stream-stall-timeout", server.Output, StringComparison.Ordinal);
        Assert.Equal(1, await reader.ScalarAsync("SELECT 1"));
    }

    [Fact]
    public async Task A_server_that_stops_answering_pings_is_a_transient_connection_failure()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var connection = new Quiver.Data.QuiverConnection(
            $"Host={server.Address.Host};Port={server.Address.Port};Token={server.Token};Pooling=false;Keepalive=1;Command Timeout=0");
        await connection.OpenAsync();
        await using var command = new Quiver.Data.QuiverCommand(ExecuteTests.LongQuery, connection);
        var running = command.ExecuteScalarAsync();

        // A frozen server host: the process is stopped, its sockets stay open, nothing answers (before or after the
        // server got the command, the waiting call sees the same unanswered pings).
        server.Signal(ServerProcess.SigStop);
        try
        {
            var failure = await Assert.ThrowsAsync<Quiver.Data.QuiverException>(() => running);
            Assert.Equal("08006", failure.SqlState);
            Assert.True(failure.IsTransient, failure.ToString());
        }
        finally
        {
            server.Signal(ServerProcess.SigCont);
        }
    }

    [Fact]
    public async Task After_a_command_times_out_on_a_frozen_server_the_next_command_fails_fast_as_a_broken_connection()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var connection = new Quiver.Data.QuiverConnection(
            $"Host={server.Address.Host};Port={server.Address.Port};Token={server.Token};Pooling=false;Keepalive=0;Command Timeout=1");
        await connection.OpenAsync();
        server.Signal(ServerProcess.SigStop);
        try
        {
            var timedOut = await Assert.ThrowsAsync<Quiver.Data.QuiverException>(() => new Quiver.Data.QuiverCommand("SELECT 1", connection).ExecuteScalarAsync());
            Assert.True(timedOut.SqlState == "57014", timedOut.ToString());

            // Without the check the next command would wait out its own timeout again, and again after it.
            var broken = await Assert.ThrowsAsync<Quiver.Data.QuiverException>(() => new Quiver.Data.QuiverCommand("SELECT 2", connection).ExecuteScalarAsync());
            Assert.Equal("08006", broken.SqlState);
            Assert.True(broken.IsTransient);
        }
        finally
        {
            server.Signal(ServerProcess.SigCont);
        }
    }

    [Fact]
    public async Task A_client_host_that_freezes_is_found_by_the_servers_pings_and_its_operation_freed()
    {
        await using var server = await ServerProcess.StartAsync(
            null, false, "--keepalive-interval", "1s", "--keepalive-timeout", "1s", "--max-concurrent-operations", "1", "--operation-queue-timeout", "300s",
            "--reattach-timeout", "2s");
        await using var probe = await TestSession.OpenAsync(server);

        // The quiver shell runs a long query in its own process, holding the server's only operation slot.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliAssembly);
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add($"Host={server.Address.Host};Port={server.Address.Port};Token={server.Token};Keepalive=0;Command Timeout=0");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(ExecuteTests.LongQuery);
        using var shell = Process.Start(start)!;
        try
        {
            // A probe that cannot get the slot within half a second means the shell's query holds it.
            var clock = Stopwatch.StartNew();
            while (true)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120) && !shell.HasExited, "The shell's query never held the slot.");
                var quick = probe.Request("SELECT 1");
                try
                {
                    await probe.ExecuteAsync(quick, new CancellationTokenSource(TimeSpan.FromMilliseconds(500)).Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            // Frozen: its sockets stay open but nothing answers the server's pings, so the server closes the
            // connection. The shell's session has resumable results, so the query waits for a reattach that never
            // comes, then is interrupted after the reattach timeout (2 s), long before the queue timeout (300 s).
            // (Another session: the probe's own cancelled call may still be unwinding in its session.)
            Assert.Equal(0, kill(shell.Id, ServerProcess.SigStop));
            await using var waiting = await TestSession.OpenAsync(server);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            Assert.Equal(1, (await waiting.ExecuteAsync(waiting.Request("SELECT 1"), bound.Token)).ResultSets.Single().Rows.Single().Single());
        }
        finally
        {
            shell.Kill();
            await shell.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Ten_million_rows_stream_with_the_server_holding_a_bounded_number_of_bytes()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var session = await TestSession.OpenAsync(server);

        await using var stream = await session.Client.ExecuteAsync(
            session.Request("SELECT i, i * 2.5 AS d, 'row-' || (i % 1000) AS s FROM range(10000000) t(i)"), session.Auth);
        var result = await OperationResult.ReadAsync(stream, keepRows: false);

        Assert.Null(result.Error);
        Assert.Equal(10_000_000UL, result.ResultSets.Single().End.RowsProduced);
        Assert.Equal(10_000_000L, result.Events.Where(e => e.Batch is not null).Sum(e => (long)e.Batch.RowCount));
        // About 250 MB of Arrow data went out; the server never held more than a couple of 1 MiB batches of it.
        Assert.InRange(result.End.MaxBufferedBytes, 1UL, 4UL * 1024 * 1024);
    }

    [Fact]
    public async Task Grpc_js_opens_a_session_runs_a_query_and_closes_it()
    {
        await using var server = await ServerProcess.StartAsync();
        var open = await GrpcJsClient.CallAsync(server.HostAndPort, new
        {
            service = QuiverMethods.Service, method = "OpenSession", request = new { minProtocolVersion = 1, maxProtocolVersion = 1 },
            metadata = server.AuthorizationMetadata,
        });
        var session = open.Messages.Single()["session"]!;
        var sessionRef = new { sessionId = session["sessionId"]!.GetValue<string>(), epoch = session["epoch"]!.GetValue<string>() };
        var execute = await GrpcJsClient.CallAsync(server.HostAndPort, new
        {
            service = QuiverMethods.Service, method = "Execute", metadata = server.AuthorizationMetadata,
            request = new { session = sessionRef, operationId = "js-1", statements = new[] { new { sql = "SELECT * FROM range(100000)" } } },
        });
        var close = await GrpcJsClient.CallAsync(server.HostAndPort, new
        {
            service = QuiverMethods.Service, method = "CloseSession", request = new { session = sessionRef }, metadata = server.AuthorizationMetadata,
        });
        var afterClose = await GrpcJsClient.CallAsync(server.HostAndPort, new
        {
            service = QuiverMethods.Service, method = "Execute", metadata = server.AuthorizationMetadata,
            request = new { session = sessionRef, operationId = "js-2", statements = new[] { new { sql = "SELECT 1" } } },
        });

        Assert.True(open.StatusCode == 0, open.Raw);
        Assert.True(execute.StatusCode == 0, execute.Raw);
        var events = execute.Messages;
        Assert.NotNull(events[0]["resultSetStart"]);
        Assert.Equal(100_000, events.Where(e => e["batch"] is not null).Sum(e => e["batch"]!["rowCount"]!.GetValue<int>()));
        Assert.Equal("100000", events[^2]["resultSetEnd"]!["rowsProduced"]!.GetValue<string>());
        Assert.NotNull(events[^1]["operationEnd"]);
        Assert.Null(events[^1]["operationEnd"]!["error"]);
        Assert.Equal(0, close.StatusCode);
        Assert.Equal((int)StatusCode.NotFound, afterClose.StatusCode);
        Assert.Equal("08003", afterClose.Error!["sqlState"]!.GetValue<string>());
    }

    [Fact]
    public async Task Metadata_lists_the_sessions_catalog_objects()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var session = await TestSession.OpenAsync(server);
        await session.RunAsync("CREATE TABLE orders(id BIGINT NOT NULL, total DECIMAL(10,2))", "CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100",
            "CREATE TEMP TABLE scratch(x INT)");

        async Task<List<object?[]>> Metadata(MetadataRequest request)
        {
            request.Session = session.Session;
            await using var stream = await session.Client.GetMetadataAsync(request, session.Auth);
            var result = await OperationResult.ReadAsync(stream);
            Assert.Null(result.Error);
            return result.ResultSets.Single().Rows;
        }

        var tables = await Metadata(new MetadataRequest { Tables = new TablesRequest { TablePattern = "%" } });
        var views = await Metadata(new MetadataRequest { Tables = new TablesRequest { TableTypes = { "VIEW" } } });
        var columns = await Metadata(new MetadataRequest { Columns = new ColumnsRequest { TablePattern = "orders" } });
        var schemas = await Metadata(new MetadataRequest { Schemas = new SchemasRequest() });
        var types = await Metadata(new MetadataRequest { TypeInfo = new TypeInfoRequest() });

        Assert.Contains(tables, r => (string)r[2]! == "orders" && (string)r[3]! == "TABLE");
        Assert.Contains(tables, r => (string)r[2]! == "scratch" && (string)r[3]! == "TEMPORARY TABLE");
        Assert.Equal(["big_orders"], views.Select(r => r[2]));
        Assert.Equal(["id", "total"], columns.Select(r => r[3]));
        Assert.Equal([false, true], columns.Select(r => r[6]));
        Assert.Equal([10, 2], new[] { columns[1][8], columns[1][9] });
        Assert.Contains(schemas, r => (string)r[1]! == "main");
        Assert.Contains(types, r => (string)r[0]! == "bigint");
    }

    [Fact]
    public async Task SIGTERM_with_sessions_and_a_running_query_drains_and_exits_cleanly()
    {
        var folder = ServerProcess.NewDataFolder();
        try
        {
            await using (var server = await ServerProcess.StartAsync(folder))
            {
                var session = await TestSession.OpenAsync(server);
                await session.RunAsync("CREATE TABLE kept AS SELECT 42 AS answer");
                var running = session.ExecuteAsync(ExecuteTests.LongQuery);
                await Task.Delay(300);

                var clock = Stopwatch.StartNew();
                var exitCode = await server.TerminateAsync(TimeSpan.FromSeconds(60));

                // Far less than the hours the running query would take: shutdown interrupted it.
                Assert.Equal(0, exitCode);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"shutdown took {clock.Elapsed}");
                Assert.Contains("Quiver server stopped.", server.Output, StringComparison.Ordinal);
                await Assert.ThrowsAnyAsync<Exception>(async () =>
                {
                    var result = await running;
                    Assert.Null(result.Error);
                });
            }

            await using var restarted = await ServerProcess.StartAsync(folder);
            await using var again = await TestSession.OpenAsync(restarted);
            Assert.Equal(42, await again.ScalarAsync("SELECT answer FROM kept"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static readonly string CliAssembly = typeof(OperationLifecycleTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "QuiverCliAssembly").Value!;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
