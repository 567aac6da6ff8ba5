using Grpc.Core;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests;

/// <summary>Resumable results on the wire: Reattach and Release of quiver.v1 against the real server.</summary>
public sealed class ReattachTests
{
    private const string ManyRows = "SELECT i, 'row-' || i AS label FROM range(200000) t(i)";

    private static OpenSessionRequest Resumable(params Capability[] more)
    {
        var request = new OpenSessionRequest { MinProtocolVersion = 1, MaxProtocolVersion = 1, Capabilities = { Capability.Reattach, Capability.Release } };
        request.Capabilities.Add(more);
        return request;
    }

    private static ExecuteRequest Small(TestSession session, string sql, uint batchBytes = 16 * 1024)
    {
        var request = session.Request(sql);
        request.Options = new ExecuteOptions { TargetBatchBytes = batchBytes };
        return request;
    }

    [Fact]
    public async Task A_stream_dropped_mid_result_is_continued_by_Reattach_after_the_last_event_held_with_nothing_lost_or_repeated()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var session = await TestSession.OpenAsync(server, request: Resumable());
        Assert.Contains(Capability.Reattach, session.Opened.Capabilities);
        Assert.Contains(Capability.Release, session.Opened.Capabilities);
        Assert.Equal(8UL * 1024 * 1024, session.Opened.ReattachWindowBytes);

        var request = Small(session, ManyRows);
        var held = new List<ExecuteEvent>();
        using (var call = new CancellationTokenSource())
        {
            await using var first = await session.Client.ExecuteAsync(request, session.Auth with { CancellationToken = call.Token });
            while (held.Count < 10 && await first.MoveNextAsync())
            {
                held.Add(first.Current.Clone());
            }

            // The client goes away mid-result: the call is reset, as when a connection drops.
            call.Cancel();
        }

        await using var resumed = await session.Client.ReattachAsync(
            new ReattachRequest { Session = session.Session, OperationId = request.OperationId, AfterSequence = held[^1].Sequence }, session.Auth);
        var rest = await OperationResult.ReadAsync(new Prepended(held, resumed));

        Assert.Null(rest.Error);
        var rows = rest.ResultSets.Single().Rows;
        Assert.Equal(200_000, rows.Count);
        Assert.Equal(Enumerable.Range(0, 200_000).Select(i => (long)i), rows.Select(r => (long)r[0]!));
        Assert.All(rows, r => Assert.Equal($"row-{r[0]}", r[1]));
        Assert.InRange(rest.End.MaxWindowBytes, 1UL, session.Opened.ReattachWindowBytes);
        // The session is free for its next operation, which drops the finished one's events.
        Assert.Equal(1L, await session.ScalarAsync("SELECT 1::BIGINT"));
        var gone = await Assert.ThrowsAsync<RpcException>(() => session.Client.ReattachAsync(
            new ReattachRequest { Session = session.Session, OperationId = request.OperationId }, session.Auth));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        Assert.Equal("34000", ErrorTrailer.Read(gone)!.SqlState);
    }

    [Fact]
    public async Task Reattach_inside_an_event_group_sends_only_the_group_s_later_events()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var session = await TestSession.OpenAsync(server, request: Resumable(Capability.EventGroups));
        var request = session.Request("SELECT 42 AS answer");
        await using (var whole = await session.Client.ExecuteAsync(request, session.Auth))
        {
            Assert.True(await whole.MoveNextAsync());
            Assert.Equal(ExecuteEvent.EventOneofCase.Group, whole.Current.EventCase);
        }

        await using var resumed = await session.Client.ReattachAsync(
            new ReattachRequest { Session = session.Session, OperationId = request.OperationId, AfterSequence = 2 }, session.Auth);
        var events = new List<ExecuteEvent>();
        while (await resumed.MoveNextAsync())
        {
            events.AddRange(resumed.Current.EventCase == ExecuteEvent.EventOneofCase.Group ? resumed.Current.Group.Events : [resumed.Current]);
        }

        Assert.Equal([3UL, 4UL], events.Select(e => e.Sequence));
        Assert.Equal(ExecuteEvent.EventOneofCase.ResultSetEnd, events[0].EventCase);
        Assert.Equal(ExecuteEvent.EventOneofCase.OperationEnd, events[1].EventCase);
    }

    [Fact]
    public async Task Released_events_cannot_be_sent_again_and_unknown_or_unnegotiated_reattaches_are_refused_clearly()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var session = await TestSession.OpenAsync(server, request: Resumable());
        var request = Small(session, ManyRows);
        var result = await session.ExecuteAsync(request);
        Assert.Null(result.Error);
        var last = result.Events[^1].Sequence;

        await session.Client.ReleaseAsync(new ReleaseRequest { Session = session.Session, OperationId = request.OperationId, UpToSequence = 5 }, session.Auth);
        var released = await Assert.ThrowsAsync<RpcException>(() => ReattachAndReadAsync(session, request.OperationId, after: 4));
        var beyond = await Assert.ThrowsAsync<RpcException>(() => ReattachAndReadAsync(session, request.OperationId, after: last + 1));
        var tail = await ReattachAndReadAsync(session, request.OperationId, after: last - 1);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => ReattachAndReadAsync(session, "never-ran", after: 0));
        var releaseBeyond = await Assert.ThrowsAsync<RpcException>(() => session.Client.ReleaseAsync(
            new ReleaseRequest { Session = session.Session, OperationId = request.OperationId, UpToSequence = last + 1 }, session.Auth));

        Assert.Equal(StatusCode.FailedPrecondition, released.StatusCode);
        Assert.Equal("24000", ErrorTrailer.Read(released)!.SqlState);
        Assert.Contains("released", released.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, beyond.StatusCode);
        Assert.Equal([last], tail.Select(e => e.Sequence));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("34000", ErrorTrailer.Read(unknown)!.SqlState);
        Assert.Equal(StatusCode.InvalidArgument, releaseBeyond.StatusCode);

        await session.Client.ReleaseAsync(new ReleaseRequest { Session = session.Session, OperationId = request.OperationId, ReleaseAll = true }, session.Auth);
        var afterAll = await Assert.ThrowsAsync<RpcException>(() => ReattachAndReadAsync(session, request.OperationId, after: last - 1));
        Assert.Equal(StatusCode.NotFound, afterAll.StatusCode);

        await using var plain = await TestSession.OpenAsync(server);
        var notNegotiated = await Assert.ThrowsAsync<RpcException>(() => ReattachAndReadAsync(plain, "any", after: 0));
        Assert.Equal(StatusCode.FailedPrecondition, notNegotiated.StatusCode);
        Assert.Contains("CAPABILITY_REATTACH", notNegotiated.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_window_stays_within_its_byte_bound_whatever_the_result_size_and_a_client_that_releases_nothing_holds_the_operation_back()
    {
        const int window = 1024 * 1024;
        await using var server = await ServerProcess.StartAsync(null, false,
            "--reattach-window-bytes", window.ToString(), "--max-message-bytes", "262144", "--stream-stall-timeout", "2s");
        await using var session = await TestSession.OpenAsync(server, request: Resumable());
        Assert.Equal((ulong)window, session.Opened.ReattachWindowBytes);

        // About 40 MB of Arrow data, released a quarter window at a time as a client would.
        var big = Small(session, "SELECT i, repeat('x', 40) AS filler FROM range(1000000) t(i)", batchBytes: 64 * 1024);
        OperationEnd? end = null;
        long rows = 0, bytes = 0, sinceRelease = 0;
        await using (var stream = await session.Client.ExecuteAsync(big, session.Auth))
        {
            while (await stream.MoveNextAsync())
            {
                var e = stream.Current;
                rows += e.Batch?.RowCount ?? 0;
                bytes += e.CalculateSize();
                sinceRelease += e.CalculateSize();
                end = e.OperationEnd ?? end;
                if (sinceRelease >= window / 4 && end is null)
                {
                    sinceRelease = 0;
                    await session.Client.ReleaseAsync(new ReleaseRequest { Session = session.Session, OperationId = big.OperationId, UpToSequence = e.Sequence }, session.Auth);
                }
            }
        }

        Assert.Equal(1_000_000, rows);
        Assert.True(bytes > 30 * window, $"{bytes} bytes");
        Assert.InRange(end!.MaxWindowBytes, 1UL, (ulong)window);

        // Without releases the server sends one window and waits: the stream stalls instead of the server buffering.
        var held = Small(session, "SELECT i, repeat('x', 40) AS filler FROM range(1000000) t(i)", batchBytes: 64 * 1024);
        var received = new List<ExecuteEvent>();
        var stalled = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var stream = await session.Client.ExecuteAsync(held, session.Auth);
            while (await stream.MoveNextAsync())
            {
                received.Add(stream.Current.Clone());
            }
        });
        Assert.True(stalled is RpcException or IOException or HttpRequestException, stalled.ToString());
        Assert.InRange(received.Sum(e => (long)e.CalculateSize()), 1, window);

        // Releasing what arrived lets the operation go on, on a reattached stream.
        var last = received[^1].Sequence;
        await session.Client.ReleaseAsync(new ReleaseRequest { Session = session.Session, OperationId = held.OperationId, UpToSequence = last }, session.Auth);
        var rest = await ReattachAndReadAsync(session, held.OperationId, after: last, release: window / 4);
        Assert.Equal(1_000_000, received.Concat(rest).Sum(e => (long)(e.Batch?.RowCount ?? 0)));
        Assert.InRange(rest[^1].OperationEnd.MaxWindowBytes, 1UL, (ulong)window);
    }

    [Fact]
    public async Task An_operation_left_without_a_stream_is_cancelled_after_the_reattach_timeout_and_Release_all_stops_one_at_once()
    {
        await using var server = await ServerProcess.StartAsync(null, false, "--reattach-timeout", "2s");
        await using var session = await TestSession.OpenAsync(server, request: Resumable());

        // A result far larger than the window: the operation waits for a reader that never comes back.
        var abandoned = Small(session, "SELECT i, repeat('x', 100) FROM range(100000000) t(i)");
        await DropAfterFirstEventsAsync(session, abandoned);
        var busy = await Assert.ThrowsAsync<RpcException>(() => session.ExecuteAsync("SELECT 1"));
        Assert.Equal("55006", ErrorTrailer.Read(busy)!.SqlState);
        var freed = await WaitForAsync(async () => (await session.ExecuteAsync("SELECT 1")).Error is null, TimeSpan.FromSeconds(30));
        Assert.True(freed, "the abandoned operation still holds the session");
        var gone = await Assert.ThrowsAsync<RpcException>(() => ReattachAndReadAsync(session, abandoned.OperationId, after: 1));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);

        var released = Small(session, "SELECT i, repeat('x', 100) FROM range(100000000) t(i)");
        await DropAfterFirstEventsAsync(session, released);
        await session.Client.ReleaseAsync(new ReleaseRequest { Session = session.Session, OperationId = released.OperationId, ReleaseAll = true }, session.Auth);
        // Well before the 2 s timeout: the release cancelled it.
        var next = await WaitForAsync(async () => (await session.ExecuteAsync("SELECT 1")).Error is null, TimeSpan.FromSeconds(1.5));
        Assert.True(next, "Release(all) did not stop the operation");
    }

    private static async Task DropAfterFirstEventsAsync(TestSession session, ExecuteRequest request)
    {
        using var call = new CancellationTokenSource();
        await using var stream = await session.Client.ExecuteAsync(request, session.Auth with { CancellationToken = call.Token });
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await stream.MoveNextAsync());
        }

        call.Cancel();
    }

    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (RpcException failure) when (ErrorTrailer.Read(failure)?.SqlState == "55006")
            {
            }

            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(50);
        }
    }

    private static async Task<List<ExecuteEvent>> ReattachAndReadAsync(TestSession session, string operationId, ulong after, long release = 0)
    {
        await using var stream = await session.Client.ReattachAsync(
            new ReattachRequest { Session = session.Session, OperationId = operationId, AfterSequence = after }, session.Auth);
        var events = new List<ExecuteEvent>();
        long sinceRelease = 0;
        while (await stream.MoveNextAsync())
        {
            var e = stream.Current;
            events.Add(e.Clone());
            sinceRelease += e.CalculateSize();
            if (release > 0 && sinceRelease >= release && e.OperationEnd is null)
            {
                sinceRelease = 0;
                await session.Client.ReleaseAsync(new ReleaseRequest { Session = session.Session, OperationId = operationId, UpToSequence = e.Sequence }, session.Auth);
            }
        }

        return events;
    }

    /// <summary>Events already held, then a stream's: one operation's events as a reader sees them.</summary>
    private sealed class Prepended(List<ExecuteEvent> held, IGrpcResponseStream<ExecuteEvent> rest) : IGrpcResponseStream<ExecuteEvent>
    {
        private int _index = -1;

        public ExecuteEvent Current => _index < held.Count ? held[_index] : rest.Current;

        public async ValueTask<bool> MoveNextAsync() => ++_index < held.Count || await rest.MoveNextAsync();

        public ValueTask DisposeAsync() => rest.DisposeAsync();
    }
}
