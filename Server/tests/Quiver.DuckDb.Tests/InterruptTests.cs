using System.Diagnostics;

namespace Quiver.DuckDb.Tests;

public sealed class InterruptTests
{
    // 10^12 row pairs: minutes of work, so only an interrupt can end it within the test.
    private const string EndlessQuery =
        "SELECT count(*) FROM range(1000000) a, range(1000000) b WHERE a.range + b.range = -1";

    [Fact]
    public async Task Interrupt_from_another_thread_stops_a_long_query_promptly_and_leaves_the_connection_usable()
    {
        using var db = TestDatabase.InMemory();
        using var connection = db.Database.Connect();
        using var statement = connection.Prepare(EndlessQuery);
        var started = new TaskCompletionSource();

        var running = Task.Factory.StartNew(
            () =>
            {
                started.SetResult();
                using var result = statement.ExecuteStreaming();
                using var chunk = result.FetchChunk();
            },
            TaskCreationOptions.LongRunning);
        await started.Task;
        await Task.Delay(300);
        Assert.False(running.IsCompleted, "the query finished before it could be interrupted");

        var clock = Stopwatch.StartNew();
        connection.Interrupt();
        var error = await Assert.ThrowsAsync<DuckDbException>(() => running);
        clock.Stop();

        Assert.Equal(DuckDbErrorType.Interrupt, error.ErrorType);
        // Generous (a loaded machine is slow; ~7 ms measured quiet): without the interrupt the query runs for hours.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the interrupt took {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(3, connection.QueryInt64("SELECT 1 + 2"));
    }

    [Fact]
    public void Interrupt_with_nothing_running_is_harmless()
    {
        using var db = TestDatabase.InMemory();
        using var connection = db.Database.Connect();

        connection.Interrupt();

        Assert.Equal(1, connection.QueryInt64("SELECT 1"));
    }

    [Fact]
    public void Progress_is_null_when_nothing_runs()
    {
        using var db = TestDatabase.InMemory();
        using var connection = db.Database.Connect();

        Assert.Null(connection.Progress);
    }

    [Fact]
    public void Interrupt_after_dispose_is_harmless()
    {
        using var db = TestDatabase.InMemory();
        var connection = db.Database.Connect();
        connection.Dispose();

        connection.Interrupt();

        Assert.Null(connection.Progress);
    }
}
