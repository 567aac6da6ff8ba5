using Quiver.DuckDb;

namespace Quiver.Server.Execution;

/// <summary>
/// Interrupts DuckDB when an operation is cancelled, and again every <see cref="Period"/> until the operation's engine
/// work is over. DuckDB clears a connection's interrupt flag when a statement starts, so a single duckdb_interrupt that
/// lands between the server's last check and that start would be lost and the statement would run to its end.
/// </summary>
internal sealed class EngineInterrupter : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(50);
    private readonly object _gate = new();
    private readonly DuckDbConnection _connection;
    private readonly CancellationTokenRegistration _registration;
    private Timer? _timer;
    private bool _stopped;

    public EngineInterrupter(DuckDbConnection connection, CancellationToken cancellation)
    {
        _connection = connection;
        _registration = cancellation.Register(static state => ((EngineInterrupter)state!).Start(), this);
    }

    private void Start()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _connection.Interrupt();
            _timer = new Timer(static state => ((EngineInterrupter)state!).Repeat(), this, Period, Period);
        }
    }

    private void Repeat()
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                _connection.Interrupt();
            }
        }
    }

    /// <summary>Stops interrupting; once this returns, no interrupt reaches the connection (its next operation is safe).</summary>
    public void Dispose()
    {
        _registration.Dispose();
        lock (_gate)
        {
            _stopped = true;
            _timer?.Dispose();
        }
    }
}
