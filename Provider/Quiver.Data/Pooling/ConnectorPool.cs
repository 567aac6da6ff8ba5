using Quiver.Data.Internal;

namespace Quiver.Data.Pooling;

/// <summary>
/// The sessions of one data source: at most Maximum Pool Size open, idle ones reused last-in first-out, reset before
/// reuse when the last user ran anything, pruned after Connection Idle Lifetime down to Minimum Pool Size.
/// </summary>
internal sealed class ConnectorPool : IDisposable
{
    // A session untouched for this long is checked (reset or pinged) before it is handed out, even when clean.
    private static readonly TimeSpan CheckAfter = TimeSpan.FromSeconds(5);

    private readonly QuiverDataSource _source;
    private readonly Stack<Connector> _idle = new();
    private readonly SemaphoreSlim _slots;
    private readonly Timer _pruner;
    private readonly int _max;
    private readonly int _min;
    private int _generation;
    private int _open;

    public ConnectorPool(QuiverDataSource source)
    {
        _source = source;
        _max = source.Settings.Builder.MaximumPoolSize;
        _min = source.Settings.Builder.MinimumPoolSize;
        _slots = new SemaphoreSlim(_max, _max);
        var period = TimeSpan.FromTicks(Math.Clamp(source.Settings.IdleLifetime.Ticks / 2, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond));
        _pruner = new Timer(static state => ((ConnectorPool)state!).Prune(), this, period, period);
    }

    /// <summary>Sessions open now (idle and in use).</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Sessions idle in the pool now.</summary>
    public int Idle
    {
        get
        {
            lock (_idle)
            {
                return _idle.Count;
            }
        }
    }

    public async Task<Connector> RentAsync(CancellationToken cancellationToken)
    {
        var timeout = _source.Settings.ConnectTimeout;
        if (!await _slots.WaitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            throw new QuiverException(
                $"The connection pool is exhausted: all {_max} sessions (Maximum Pool Size) are in use and none was returned within {timeout.TotalSeconds:0.###} s (Timeout).",
                "53300", QuiverErrorClass.Resource) { Transient = true };
        }

        try
        {
            while (TryTakeIdle(out var idle))
            {
                if (await TryReviveAsync(idle, cancellationToken).ConfigureAwait(false))
                {
                    return idle;
                }
            }

            var opened = await Connector.OpenAsync(_source, cancellationToken).ConfigureAwait(false);
            opened.Generation = Volatile.Read(ref _generation);
            Interlocked.Increment(ref _open);
            return opened;
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public void Return(Connector connector)
    {
        connector.ReturnedAt = Environment.TickCount64;
        if (connector.IsBroken || connector.Generation != Volatile.Read(ref _generation))
        {
            Discard(connector);
        }
        else
        {
            lock (_idle)
            {
                _idle.Push(connector);
            }
        }

        _slots.Release();
    }

    /// <summary>Closes every idle session now, and in-use ones when they come back.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        foreach (var connector in TakeAllIdle())
        {
            Discard(connector);
        }
    }

    public void Dispose()
    {
        _pruner.Dispose();
        Clear();
    }

    private async Task<bool> TryReviveAsync(Connector connector, CancellationToken cancellationToken)
    {
        if (connector.Generation != Volatile.Read(ref _generation))
        {
            Discard(connector);
            return false;
        }

        if (!connector.IsDirty && Environment.TickCount64 - connector.ReturnedAt < CheckAfter.TotalMilliseconds)
        {
            return true;
        }

        try
        {
            await connector.ResetAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (QuiverException error) when (connector.IsBroken)
        {
            _source.Telemetry.PooledSessionDiscarded(connector.Session.SessionId, error.Message);
            Discard(connector);
            return false;
        }
    }

    private bool TryTakeIdle(out Connector connector)
    {
        lock (_idle)
        {
            return _idle.TryPop(out connector!);
        }
    }

    private List<Connector> TakeAllIdle()
    {
        lock (_idle)
        {
            var all = _idle.ToList();
            _idle.Clear();
            return all;
        }
    }

    private void Prune()
    {
        var cutoff = Environment.TickCount64 - (long)_source.Settings.IdleLifetime.TotalMilliseconds;
        var expired = new List<Connector>();
        lock (_idle)
        {
            // The stack's bottom holds the longest-idle sessions.
            var newestFirst = _idle.ToArray();
            var keep = new List<Connector>(newestFirst.Length);
            foreach (var connector in newestFirst)
            {
                if (connector.ReturnedAt < cutoff && _open - expired.Count > _min)
                {
                    expired.Add(connector);
                }
                else
                {
                    keep.Add(connector);
                }
            }

            _idle.Clear();
            for (var i = keep.Count - 1; i >= 0; i--)
            {
                _idle.Push(keep[i]);
            }
        }

        foreach (var connector in expired)
        {
            Discard(connector);
        }
    }

    private void Discard(Connector connector)
    {
        Interlocked.Decrement(ref _open);
        _source.Close(connector);
    }
}
