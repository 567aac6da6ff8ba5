using Google.Protobuf;
using Grpc.Core;
using Quiver.Protocol.V1;
using Quiver.Server.Grpc;

namespace Quiver.Server.Sessions;

/// <summary>
/// The events of a reattachable operation (CAPABILITY_REATTACH and CAPABILITY_RELEASE): every event sent stays in a
/// window until the client releases it, so a client whose stream broke can reattach after the last event it holds
/// and get the rest exactly once. The window is bounded: a full one holds the operation back until a Release, as a
/// slow reader does. A stream's failure detaches it instead of cancelling the operation; with no stream attached
/// for the reattach timeout the operation is abandoned (cancelled, its events dropped).
/// </summary>
internal sealed class ResumableResult : IResponseSink<ExecuteEvent>
{
    private readonly object _gate = new();
    // One writer to the attached stream at a time: the operation's next event, or a reattach replaying the window.
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly LinkedList<Entry> _window = new();
    private readonly Operation _operation;
    private readonly long _limit;
    private readonly TimeSpan _abandonAfter;
    private readonly TimeSpan _stallTimeout;
    private readonly Action<ResumableResult> _forget;
    private readonly Timer _abandonTimer;
    private readonly Attachment _first;
    private TaskCompletionSource _room = NewSignal();
    private Attachment? _attached;
    private long _bytes;
    private ulong _released;
    private ulong _lastSequence;
    private bool _finished;
    private bool _dropped;

    /// <param name="operation">The operation whose events these are.</param>
    /// <param name="first">The stream of the call that started the operation.</param>
    /// <param name="limit">The most bytes of unreleased events kept (one event is always taken, whatever its size).</param>
    /// <param name="abandonAfter">How long the operation may have no stream attached.</param>
    /// <param name="stallTimeout">How long a full window may wait for the attached client's Release before it is detached (zero: forever).</param>
    /// <param name="forget">Called once the events are dropped.</param>
    public ResumableResult(Operation operation, IResponseSink<ExecuteEvent> first, long limit, TimeSpan abandonAfter, TimeSpan stallTimeout, Action<ResumableResult> forget)
    {
        _operation = operation;
        _limit = limit;
        _abandonAfter = abandonAfter;
        _stallTimeout = stallTimeout;
        _forget = forget;
        _attached = _first = new Attachment(first, producerOwned: true);
        _abandonTimer = new Timer(static state => ((ResumableResult)state!).Drop(abandoned: true), this, Timeout.Infinite, Timeout.Infinite);
    }

    public string OperationId => _operation.Id;

    /// <summary>
    /// Ends when the stream of the call that started the operation is done with: cleanly after OperationEnd, or with
    /// why it was not (it failed, another took over, the events were dropped).
    /// </summary>
    public Task FirstStreamEnded => _first.Ended;

    /// <summary>The client of the first stream went away: detaches it (its next write would fail anyway).</summary>
    public void DetachFirst() => Detach(_first, new OperationCanceledException());

    /// <summary>The most bytes of unreleased events held at any one time.</summary>
    public long HighWaterBytes { get; private set; }

    public async Task StartAsync()
    {
        var attached = Attached();
        if (attached is null)
        {
            return;
        }

        try
        {
            await attached.Sink.StartAsync();
        }
        catch (Exception error)
        {
            Detach(attached, error);
        }
    }

    /// <summary>Keeps the event in the window (waiting for room) and sends it to the attached stream, if there is one.</summary>
    public async ValueTask WriteAsync(ExecuteEvent message, bool followedAtOnce = false)
    {
        var size = message.CalculateSize();
        if (!await WaitForRoomAsync(size))
        {
            return;
        }

        KeepOwnBytes(message);
        await _writer.WaitAsync();
        try
        {
            Attachment? attached;
            lock (_gate)
            {
                if (_dropped)
                {
                    return;
                }

                var (first, last) = Sequences(message);
                _window.AddLast(new Entry(message, first, last, size));
                _bytes += size;
                HighWaterBytes = Math.Max(HighWaterBytes, _bytes);
                _lastSequence = last;
                _finished = Ends(message);
                attached = _attached;
            }

            if (attached is null)
            {
                return;
            }

            try
            {
                await attached.Sink.WriteAsync(message, followedAtOnce);
            }
            catch (Exception error)
            {
                Detach(attached, error);
                return;
            }

            if (_finished)
            {
                Complete(attached);
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Attaches a stream in place of the current one (which ends with ABORTED): sends the kept events after
    /// <paramref name="afterSequence"/>, then the live ones. Returns when the stream ends: after OperationEnd, or when
    /// it fails, is replaced, or the events are dropped.
    /// </summary>
    public async Task AttachAsync(IResponseSink<ExecuteEvent> sink, ulong afterSequence, CancellationToken callCancelled)
    {
        var attachment = new Attachment(sink);
        await _writer.WaitAsync(callCancelled);
        try
        {
            Entry[] replay;
            Attachment? previous;
            lock (_gate)
            {
                if (_dropped)
                {
                    throw Unknown(OperationId);
                }

                if (afterSequence < _released)
                {
                    throw Failures.Status(StatusCode.FailedPrecondition, Failures.Error("24000", ErrorClass.Protocol,
                        $"Events up to {_released} of operation '{OperationId}' were released and cannot be sent again; reattach after {_released} or later."));
                }

                if (afterSequence > _lastSequence)
                {
                    throw Failures.InvalidRequest($"Operation '{OperationId}' has sent events up to {_lastSequence}, not {afterSequence}.");
                }

                previous = _attached;
                _attached = null;
                _abandonTimer.Change(Timeout.Infinite, Timeout.Infinite);
                replay = _window.Where(e => e.Last > afterSequence).ToArray();
            }

            previous?.End(Failures.Status(StatusCode.Aborted, Failures.Error(
                "08006", ErrorClass.Session, $"Another Reattach of operation '{OperationId}' took over this stream.", transient: true)));
            try
            {
                await sink.StartAsync();
                for (var i = 0; i < replay.Length; i++)
                {
                    var entry = replay[i];
                    await sink.WriteAsync(entry.First > afterSequence ? entry.Message : After(entry.Message, afterSequence), followedAtOnce: i < replay.Length - 1);
                }
            }
            catch
            {
                lock (_gate)
                {
                    StartAbandonTimer();
                }

                throw;
            }

            lock (_gate)
            {
                if (_finished || _dropped)
                {
                    StartAbandonTimer();
                    return;
                }

                _attached = attachment;
            }
        }
        finally
        {
            _writer.Release();
        }

        using (callCancelled.Register(static state =>
        {
            var (self, attached) = ((ResumableResult, Attachment))state!;
            self.Detach(attached, new OperationCanceledException());
        }, (this, attachment)))
        {
            await attachment.Ended;
        }
    }

    /// <summary>Drops the events up to <paramref name="upToSequence"/>: the client holds them.</summary>
    public void Release(ulong upToSequence)
    {
        lock (_gate)
        {
            if (_dropped)
            {
                throw Unknown(OperationId);
            }

            if (upToSequence > _lastSequence)
            {
                throw Failures.InvalidRequest($"Operation '{OperationId}' has sent events up to {_lastSequence}; {upToSequence} cannot be released.");
            }

            _released = Math.Max(_released, upToSequence);
            while (_window.First is { } oldest && oldest.Value.Last <= _released)
            {
                _bytes -= oldest.Value.Bytes;
                _window.RemoveFirst();
            }

            _room.TrySetResult();
            _room = NewSignal();
        }
    }

    /// <summary>
    /// Drops every event and cancels the operation if it still runs: the client released it all, the session moved on
    /// or closed, or no stream was attached for the reattach timeout.
    /// </summary>
    public void Drop(bool abandoned = false)
    {
        Attachment? attached;
        lock (_gate)
        {
            if (_dropped)
            {
                return;
            }

            _dropped = true;
            _window.Clear();
            _bytes = 0;
            attached = _attached;
            _attached = null;
            _room.TrySetResult();
        }

        _abandonTimer.Dispose();
        _operation.Cancel(abandoned ? OperationStop.ClientGone : OperationStop.Cancelled);
        attached?.End(Failures.Status(StatusCode.Cancelled, Failures.Error("57014", ErrorClass.Cancelled, $"Operation '{OperationId}' was released.")));
        _forget(this);
    }

    public static RpcException Unknown(string operationId) => Failures.Status(StatusCode.NotFound, Failures.Error("34000", ErrorClass.Session,
        $"Operation '{operationId}' is not known to the session: it never ran, or its results were released or abandoned (reattach-timeout)."));

    // Waits while the window is full; false once the events were dropped (nothing more is kept or sent).
    private async ValueTask<bool> WaitForRoomAsync(long size)
    {
        while (true)
        {
            Task room;
            Attachment? attached;
            lock (_gate)
            {
                if (_dropped)
                {
                    return false;
                }

                // A cancelled operation ends at once: its last events may pass the limit by one message.
                if (_window.Count == 0 || _bytes + size <= _limit || _operation.Cancellation.IsCancellationRequested)
                {
                    return true;
                }

                room = _room.Task;
                attached = _attached;
            }

            var wait = attached is not null && _stallTimeout > TimeSpan.Zero ? _stallTimeout : Timeout.InfiniteTimeSpan;
            try
            {
                await room.WaitAsync(wait, _operation.Cancellation);
            }
            catch (OperationCanceledException)
            {
                // Checked again above.
            }
            catch (TimeoutException)
            {
                // The attached client takes events but releases none: treated as a stalled stream.
                Detach(attached!, new StreamStalledException(_stallTimeout, new TimeoutException()));
            }
        }
    }

    private Attachment? Attached()
    {
        lock (_gate)
        {
            return _attached;
        }
    }

    private void Detach(Attachment attachment, Exception error)
    {
        lock (_gate)
        {
            if (_attached != attachment)
            {
                return;
            }

            _attached = null;
            StartAbandonTimer();
        }

        attachment.End(error);
    }

    private void Complete(Attachment attachment)
    {
        lock (_gate)
        {
            if (_attached == attachment)
            {
                _attached = null;
                StartAbandonTimer();
            }
        }

        attachment.End(null);
    }

    // Under the gate.
    private void StartAbandonTimer()
    {
        if (!_dropped)
        {
            _abandonTimer.Change(_abandonAfter, Timeout.InfiniteTimeSpan);
        }
    }

    // A batch's bytes may be the batcher's buffer, which it reuses for the next batch: a kept event needs its own.
    private static void KeepOwnBytes(ExecuteEvent message)
    {
        if (message.EventCase == ExecuteEvent.EventOneofCase.Batch)
        {
            message.Batch.ArrowMessages = ByteString.CopyFrom(message.Batch.ArrowMessages.Span);
        }
        else if (message.EventCase == ExecuteEvent.EventOneofCase.Group)
        {
            foreach (var member in message.Group.Events)
            {
                KeepOwnBytes(member);
            }
        }
    }

    private static (ulong First, ulong Last) Sequences(ExecuteEvent message) => message.EventCase == ExecuteEvent.EventOneofCase.Group
        ? (message.Group.Events[0].Sequence, message.Group.Events[^1].Sequence)
        : (message.Sequence, message.Sequence);

    private static bool Ends(ExecuteEvent message) => message.EventCase == ExecuteEvent.EventOneofCase.Group
        ? message.Group.Events[^1].EventCase == ExecuteEvent.EventOneofCase.OperationEnd
        : message.EventCase == ExecuteEvent.EventOneofCase.OperationEnd;

    // The events of a group after a sequence number inside it.
    private static ExecuteEvent After(ExecuteEvent group, ulong afterSequence)
    {
        var rest = group.Group.Events.Where(e => e.Sequence > afterSequence).ToArray();
        return rest.Length == 1 ? rest[0] : new ExecuteEvent { Group = new EventGroup { Events = { rest } } };
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly record struct Entry(ExecuteEvent Message, ulong First, ulong Last, long Bytes);

    /// <summary>A stream attached to the events; <see cref="Ended"/> completes when it is done with.</summary>
    /// <param name="sink">The stream.</param>
    /// <param name="producerOwned">
    /// The stream of the call that runs the operation: its handler ends only with the operation, so a stream that is
    /// done with early is reset.
    /// </param>
    private sealed class Attachment(IResponseSink<ExecuteEvent> sink, bool producerOwned = false)
    {
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IResponseSink<ExecuteEvent> Sink { get; } = sink;

        public Task Ended => _ended.Task;

        /// <summary>Ends it: cleanly (after OperationEnd) when <paramref name="error"/> is null.</summary>
        public void End(Exception? error)
        {
            if (error is null)
            {
                _ended.TrySetResult();
            }
            else if (_ended.TrySetException(error) && producerOwned)
            {
                Sink.Abort();
            }
        }
    }
}
