using Grpc.Core;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Data.Internal;

/// <summary>
/// The events of one Execute call, read one ahead: while the caller works through a record batch, the next message is
/// already being received and parsed. Waiting for an event is bounded by the command timeout; a timeout or a
/// cancellation resets the call, which makes the server interrupt the query. In a reattachable session a broken
/// connection is not the end: the stream reattaches after the last event it holds (<see cref="ResultResumption"/>), and
/// a stop on purpose releases the operation, which cancels it.
/// </summary>
internal sealed class ResultStream : IAsyncDisposable
{
    // Bytes of unreleased events past which a finished result is released at once rather than at the next command.
    private const long ReleaseAtEndBytes = 64 * 1024;
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(5);
    private readonly ResultResumption? _resume;
    private IGrpcResponseStream<ExecuteEvent> _events;
    private readonly CancellationTokenSource _call;
    private readonly TimeSpan _timeout;
    private readonly string _sql;
    private Task<bool>? _next;
    private Queue<ExecuteEvent>? _grouped;
    private volatile bool _abandoned;
    private ulong _received;
    private long _unreleased;
    private int _attempts;
    private Task? _releasing;
    private int _releasedAll;
    // OperationEnd arrived (perhaps not yet handed out, inside a group): the server's operation is over.
    private volatile bool _endReceived;

    private ResultStream(IGrpcResponseStream<ExecuteEvent> events, CancellationTokenSource call, TimeSpan timeout, string sql, ResultResumption? resume)
    {
        _resume = resume;
        _events = events;
        _call = call;
        _timeout = timeout;
        _sql = sql;
    }

    /// <summary>True once OperationEnd arrived, or the stream ended or failed.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>True when OperationEnd arrived: the server's operation is over, so the session is free.</summary>
    public bool EndedCleanly { get; private set; }

    public long BytesReceived { get; private set; }

    /// <summary>Starts the call; the headers arrive within the timeout or the call is abandoned.</summary>
    public static async Task<ResultStream> StartAsync(
        Func<CancellationToken, Task<IGrpcResponseStream<ExecuteEvent>>> start, TimeSpan timeout, string sql, CancellationToken cancellationToken,
        ResultResumption? resume = null)
    {
        var call = new CancellationTokenSource();
        using var registration = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), call);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            call.CancelAfter(timeout);
        }

        try
        {
            var events = await start(call.Token).ConfigureAwait(false);
            var stream = new ResultStream(events, call, timeout, sql, resume);
            call.CancelAfter(Timeout.InfiniteTimeSpan);
            return stream;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && call.IsCancellationRequested)
        {
            call.Dispose();
            throw TimedOut(timeout);
        }
        catch (OperationCanceledException error) when (cancellationToken.IsCancellationRequested)
        {
            call.Dispose();
            throw new OperationCanceledException("The command was cancelled.", error, cancellationToken);
        }
        catch (RpcException failure)
        {
            call.Dispose();
            throw Errors.From(failure, sql);
        }
    }

    /// <summary>The next event, or null after OperationEnd. An error in OperationEnd is thrown as <see cref="QuiverException"/>.</summary>
    public async ValueTask<ExecuteEvent?> NextAsync(bool async, CancellationToken cancellationToken)
    {
        if (IsComplete)
        {
            return null;
        }

        if (_grouped is { Count: > 0 } grouped)
        {
            return Accept(grouped.Dequeue());
        }

        var next = _next ?? _events.MoveNextAsync().AsTask();
        _next = null;
        bool more;
        using (cancellationToken.CanBeCanceled ? cancellationToken.Register(static s => ((ResultStream)s!).Abandon(), this) : default)
        {
            if (_timeout != Timeout.InfiniteTimeSpan)
            {
                _call.CancelAfter(_timeout);
            }

            try
            {
                while (true)
                {
                    try
                    {
                        more = async ? await next.ConfigureAwait(false) : next.GetAwaiter().GetResult();
                        break;
                    }
                    catch (OperationCanceledException error)
                    {
                        IsComplete = true;
                        ReleaseAll();
                        throw _abandoned || cancellationToken.IsCancellationRequested
                            ? new OperationCanceledException("The command was cancelled.", error, cancellationToken)
                            : TimedOut(_timeout, error);
                    }
                    catch (Exception failure) when (_resume is not null && !_abandoned && _attempts < ResultResumption.AttemptsPerFailure
                        && ResultResumption.IsBrokenTransport(failure))
                    {
                        next = ReattachAndReadAsync(_attempts++);
                    }
                    catch (RpcException failure)
                    {
                        IsComplete = true;
                        throw _attempts > 0 ? NotResumed(Errors.From(failure, _sql)) : Errors.From(failure, _sql);
                    }
                }
            }
            finally
            {
                if (_timeout != Timeout.InfiniteTimeSpan && !_abandoned)
                {
                    _call.CancelAfter(Timeout.InfiniteTimeSpan);
                }
            }
        }

        if (!more)
        {
            IsComplete = true;
            return null;
        }

        var current = _events.Current;
        _attempts = 0;
        if (_resume is not null)
        {
            Received(current);
        }

        if (current.EventCase == ExecuteEvent.EventOneofCase.Group)
        {
            // Events the server had ready together (CAPABILITY_EVENT_GROUPS): handed out one at a time.
            if (current.Group.Events.Count == 0 || current.Group.Events.Any(e => e.EventCase == ExecuteEvent.EventOneofCase.Group))
            {
                IsComplete = true;
                throw new QuiverException("The server sent an empty or nested event group.", "08P01", QuiverErrorClass.Protocol);
            }

            _endReceived = current.Group.Events[^1].EventCase == ExecuteEvent.EventOneofCase.OperationEnd;
            _grouped ??= new Queue<ExecuteEvent>();
            foreach (var member in current.Group.Events)
            {
                _grouped.Enqueue(member);
            }

            return Accept(_grouped.Dequeue());
        }

        return Accept(current);
    }

    private ExecuteEvent Accept(ExecuteEvent current)
    {
        switch (current.EventCase)
        {
            case ExecuteEvent.EventOneofCase.OperationEnd:
                IsComplete = true;
                EndedCleanly = true;
                if (_resume is not null && _unreleased > ReleaseAtEndBytes)
                {
                    ReleaseAll(finished: true);
                }

                if (current.OperationEnd.Error is { } error)
                {
                    var failure = Errors.From(error, _sql, error.ErrorClass == ErrorClass.Timeout ? new TimeoutException(error.Message) : null);
                    throw failure;
                }

                break;
            case ExecuteEvent.EventOneofCase.Batch:
                BytesReceived += current.Batch.ArrowMessages.Length;
                if (_grouped is not { Count: > 0 })
                {
                    _next = _events.MoveNextAsync().AsTask();
                }

                break;
        }

        return current;
    }

    /// <summary>Abandons the call: the server sees the reset (or, for a reattachable result, the release) and interrupts the query.</summary>
    public void Abandon()
    {
        _abandoned = true;
        ReleaseAll();
        try
        {
            _call.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!IsComplete)
        {
            Abandon();
        }

        if (_next is { } pending)
        {
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (Exception error) when (error is OperationCanceledException or RpcException or IOException or HttpRequestException)
            {
                // The call was abandoned on purpose; its outcome no longer matters.
            }
        }

        await _events.DisposeAsync().ConfigureAwait(false);
        _call.Dispose();
        if (_releasing is { IsCompleted: false } releasing)
        {
            // So that the session's next command finds the operation over.
            await releasing.WaitAsync(ReleaseWait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    // The connection broke mid-result: reattach after the last event received, waiting longer before each attempt.
    private async Task<bool> ReattachAndReadAsync(int attempt)
    {
        await Task.Delay(ResultResumption.Backoff(attempt), _call.Token).ConfigureAwait(false);
        var broken = _events;
        _events = await _resume!.ReattachAsync(_received, _call.Token).ConfigureAwait(false);
        await broken.DisposeAsync().ConfigureAwait(false);
        return await _events.MoveNextAsync().ConfigureAwait(false);
    }

    // The highest sequence number held; half the server's window received since the last release releases it.
    private void Received(ExecuteEvent current)
    {
        _received = current.EventCase == ExecuteEvent.EventOneofCase.Group && current.Group.Events.Count > 0
            ? current.Group.Events[^1].Sequence
            : current.Sequence;
        _unreleased += current.CalculateSize();
        if (_unreleased >= _resume!.ReleaseEveryBytes && _releasing is not { IsCompleted: false } && Volatile.Read(ref _releasedAll) == 0)
        {
            _unreleased = 0;
            _releasing = ReleaseQuietlyAsync(_resume, _received, all: false);
        }
    }

    // Stopped on purpose (or finished with events still kept): the server drops the events and cancels what still runs.
    // Once OperationEnd arrived there is nothing to stop, and the session's next operation drops the events anyway.
    private void ReleaseAll(bool finished = false)
    {
        if (_resume is not { } resume || (_endReceived && !finished) || Interlocked.Exchange(ref _releasedAll, 1) != 0)
        {
            return;
        }

        var before = _releasing ?? Task.CompletedTask;
        _releasing = before.ContinueWith(_ => ReleaseQuietlyAsync(resume, 0, all: true), TaskScheduler.Default).Unwrap();
    }

    // Best effort: an operation that is not released is dropped by the server at the session's next command or timeout.
    private static async Task ReleaseQuietlyAsync(ResultResumption resume, ulong upTo, bool all)
    {
        try
        {
            await resume.ReleaseAsync(upTo, all).ConfigureAwait(false);
        }
        catch (Exception error) when (error is RpcException or OperationCanceledException or HttpRequestException or IOException)
        {
        }
    }

    private QuiverException NotResumed(QuiverException reason) => new(
        $"The connection to the server broke while the result was being read, and reattaching to it failed: {reason.MessageText}",
        "08006", QuiverErrorClass.Protocol, reason)
    {
        Transient = true,
    };

    public static QuiverException TimedOut(TimeSpan timeout, Exception? inner = null) => new(
        $"The command timed out: no result arrived within {timeout.TotalSeconds:0.###} s (Command Timeout); the server was told to stop it.",
        "57014", QuiverErrorClass.Timeout, new TimeoutException($"Command Timeout of {timeout.TotalSeconds:0.###} s expired.", inner))
    {
        IsClientTimeout = true,
    };

    /// <summary>True for a timeout the client decided (nothing came from the server in time), not one the server reported.</summary>
    public static bool IsClientTimeout(Exception? error) => error is QuiverException { IsClientTimeout: true };
}
