namespace Quiver.Server.Sessions;

/// <summary>Why an operation stopped before its end.</summary>
internal enum OperationStop
{
    None,
    Cancelled,
    TimedOut,
    SessionClosed,
    ClientGone,
}

/// <summary>
/// An operation running in a session. Its cancellation fires when the client goes away, when it is cancelled by
/// operation or session, when its timeout passes, or when the session closes; the runner interrupts DuckDB then.
/// </summary>
internal sealed class Operation : IDisposable
{
    private readonly Session _session;
    private readonly CancellationTokenSource _cancellation;
    private readonly CancellationTokenRegistration _callRegistration;
    private Timer? _timer;
    private int _stop;
    private int _released;
    private volatile bool _disposed;

    public Operation(string id, Session session, CancellationToken callCancelled)
    {
        Id = id;
        _session = session;
        _cancellation = new CancellationTokenSource();
        _callRegistration = callCancelled.Register(static state => ((Operation)state!).Cancel(OperationStop.ClientGone), this);
    }

    public string Id { get; }

    public CancellationToken Cancellation => _cancellation.Token;

    /// <summary>Why it was stopped (the first reason wins).</summary>
    public OperationStop Stop => (OperationStop)Volatile.Read(ref _stop);

    /// <summary>Cancels after <paramref name="timeout"/> as a statement timeout.</summary>
    public void CancelAfter(TimeSpan timeout)
    {
        if (timeout > TimeSpan.Zero)
        {
            _timer = new Timer(static state => ((Operation)state!).Cancel(OperationStop.TimedOut), this, timeout, Timeout.InfiniteTimeSpan);
        }
    }

    public bool Cancel(OperationStop reason)
    {
        // Over already (kept events may outlive their operation): nothing to stop, and no exception to pay for.
        if (_disposed)
        {
            return false;
        }

        if (Interlocked.CompareExchange(ref _stop, (int)reason, (int)OperationStop.None) != (int)OperationStop.None)
        {
            return false;
        }

        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }

        return true;
    }

    /// <summary>
    /// Gives the session back: its next operation may start. Called once the engine work is over (before the last
    /// event is written) and again, harmlessly, by <see cref="Dispose"/>.
    /// </summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _timer?.Dispose();
            _session.End(this, Environment.TickCount64);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _callRegistration.Dispose();
        Release();
        _cancellation.Dispose();
    }
}
