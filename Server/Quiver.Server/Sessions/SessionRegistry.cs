using Grpc.Core;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Quiver.DuckDb;
using Quiver.Protocol.V1;

namespace Quiver.Server.Sessions;

/// <summary>
/// The open sessions: creates them under the session limits, finds them for their owner only, and closes the idle
/// ones. Ids are 128 random bits; a reference from another server epoch is stale, never silently recreated.
/// </summary>
internal sealed class SessionRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perPrincipal = new(StringComparer.Ordinal);
    private readonly object _countGate = new();
    private int _counted;
    private readonly ServerOptions _options;
    private readonly Func<string, DuckDbDatabase> _databaseFor;
    private readonly Timer _expiry;

    public SessionRegistry(ulong epoch, ServerOptions options, Func<string, DuckDbDatabase> databaseFor)
    {
        Epoch = epoch;
        _options = options;
        _databaseFor = databaseFor;
        var every = TimeSpan.FromTicks(Math.Clamp(
            Math.Min(options.IdleTimeout.Ticks / 4, options.OrphanedSessionTimeout.Ticks / 2), TimeSpan.TicksPerMillisecond * 100, TimeSpan.TicksPerSecond * 30));
        _expiry = new Timer(_ => ExpireIdle(), null, every, every);
    }

    public ulong Epoch { get; }

    public int Count => _sessions.Count;

    /// <summary>Raised after a session closes, with the reason ("closed", "expired", "shutdown").</summary>
    public event Action<Session, string>? Closed;

    /// <exception cref="RpcException">A session limit is reached (RESOURCE_EXHAUSTED).</exception>
    public Session Open(string principal, string tenant, string? connectionId = null)
    {
        lock (_countGate)
        {
            if (_counted >= _options.MaxSessions)
            {
                throw Failures.Busy($"The server has reached its limit of {_options.MaxSessions} open sessions (max-sessions); close idle sessions or try later.");
            }

            var mine = _perPrincipal.GetValueOrDefault(principal);
            if (mine >= _options.MaxSessionsPerPrincipal)
            {
                throw Failures.Busy(
                    $"'{principal}' has reached its limit of {_options.MaxSessionsPerPrincipal} open sessions (max-sessions-per-principal); close idle sessions or try later.");
            }

            _perPrincipal[principal] = mine + 1;
            _counted++;
        }

        DuckDbConnection connection;
        try
        {
            connection = _databaseFor(tenant).Connect();
        }
        catch
        {
            Uncount(principal);
            throw;
        }

        var session = new Session(NewId(), principal, tenant, connection, Environment.TickCount64, _options.StatementCache);
        session.BindTo(connectionId);
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary>The open sessions of <paramref name="tenant"/>, in no order.</summary>
    public IEnumerable<Session> OfTenant(string tenant) => _sessions.Values.Where(s => s.Tenant == tenant && !s.IsClosed);

    /// <summary>Gives <paramref name="session"/> a fresh connection to its tenant's database (the caller runs <paramref name="owner"/>).</summary>
    public void Reset(Session session, Operation owner) => session.ReplaceConnection(_databaseFor(session.Tenant).Connect(), owner);

    /// <summary>The caller's session, or NOT_FOUND (unknown, closed, expired, another principal's) / stale.</summary>
    public Session Resolve(SessionRef? reference, string principal, string? connectionId = null)
    {
        if (reference is null || reference.SessionId.Length == 0)
        {
            throw Failures.InvalidRequest("The request names no session; call OpenSession first.");
        }

        if (reference.Epoch != Epoch)
        {
            throw Failures.SessionStale();
        }

        if (!_sessions.TryGetValue(reference.SessionId, out var session) || session.Principal != principal || session.IsClosed)
        {
            throw Failures.SessionNotFound();
        }

        session.Touch(Environment.TickCount64);
        session.BindTo(connectionId);
        return session;
    }

    /// <summary>
    /// A client connection closed (or stopped answering pings): its sessions are closed after the orphaned-session
    /// timeout unless a call from another connection uses them first.
    /// </summary>
    public void ConnectionClosed(string connectionId)
    {
        var now = Environment.TickCount64;
        foreach (var session in _sessions.Values)
        {
            session.Orphan(connectionId, now);
        }
    }

    public SessionState StateOf(SessionRef reference, string principal)
    {
        if (reference.Epoch != Epoch)
        {
            return SessionState.Stale;
        }

        return _sessions.TryGetValue(reference.SessionId, out var session) && session.Principal == principal && !session.IsClosed
            ? SessionState.Active
            : SessionState.Unknown;
    }

    public void Close(Session session, string reason)
    {
        if (!_sessions.TryRemove(new KeyValuePair<string, Session>(session.Id, session)))
        {
            return;
        }

        session.Close();
        Uncount(session.Principal);
        Closed?.Invoke(session, reason);
    }

    /// <summary>Closes sessions idle for longer than the idle timeout, and orphaned ones; returns how many.</summary>
    public int ExpireIdle()
    {
        var now = Environment.TickCount64;
        var cutoff = now - (long)_options.IdleTimeout.TotalMilliseconds;
        var orphanCutoff = now - (long)_options.OrphanedSessionTimeout.TotalMilliseconds;
        var expired = 0;
        foreach (var session in _sessions.Values)
        {
            if (session.IsIdleSince(cutoff))
            {
                Close(session, "expired");
                expired++;
            }
            else if (session.IsOrphanedSince(orphanCutoff))
            {
                Close(session, "client connection closed");
                expired++;
            }
        }

        return expired;
    }

    /// <summary>Closes every session (shutdown).</summary>
    public void CloseAll()
    {
        foreach (var session in _sessions.Values)
        {
            Close(session, "shutdown");
        }
    }

    public void Dispose()
    {
        _expiry.Dispose();
        CloseAll();
    }

    private void Uncount(string principal)
    {
        lock (_countGate)
        {
            _counted--;
            var left = _perPrincipal.GetValueOrDefault(principal) - 1;
            if (left <= 0)
            {
                _perPrincipal.Remove(principal);
            }
            else
            {
                _perPrincipal[principal] = left;
            }
        }
    }

    /// <summary>A random nonzero epoch for a server run.</summary>
    public static ulong NewEpoch()
    {
        ulong epoch;
        do
        {
            epoch = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        }
        while (epoch == 0);
        return epoch;
    }

    private static string NewId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
