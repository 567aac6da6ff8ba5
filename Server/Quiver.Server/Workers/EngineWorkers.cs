using System.Collections.Concurrent;
using System.Globalization;
using Grpc.Core;
using Quiver.Protocol.V1;

namespace Quiver.Server.Workers;

/// <summary>
/// The engine processes of the tenants with process isolation: one per tenant, started on first use (or at start for
/// a tenant with <c>min_workers</c> 1), restarted after a crash with a growing wait, stopped after the idle timeout.
/// Also the sessions opened in them, with the principal that owns each: the worker knows only this server.
/// </summary>
internal sealed class EngineWorkers : IAsyncDisposable
{
    private static readonly TimeSpan[] RestartWaits = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)];
    private readonly ServerOptions _options;
    private readonly IReadOnlyDictionary<string, TenantSettings> _settings;
    private readonly string _defaultMemoryLimit;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, TenantWorker> _tenants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RemoteSession> _sessions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Timer _sweep;

    public EngineWorkers(ServerOptions options, IReadOnlyDictionary<string, TenantSettings> settings, string defaultMemoryLimit, ILogger log)
    {
        _options = options;
        _settings = settings;
        _defaultMemoryLimit = defaultMemoryLimit;
        _log = log;
        _sweep = new Timer(_ => Sweep(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        foreach (var tenant in settings.Where(s => s.Value.MinWorkers > 0 && IsIsolated(s.Key)).Select(s => s.Key))
        {
            // A failure here is told now; the tenant's first session tries again.
            _ = For(tenant).GetAsync(CancellationToken.None).ContinueWith(
                started => _log.LogError("Could not start the engine process of tenant '{Tenant}': {Error}", tenant, started.Exception!.GetBaseException().Message),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    /// <summary>Whether <paramref name="tenant"/>'s DuckDB runs in an engine process.</summary>
    public bool IsIsolated(string tenant) => (_settings.GetValueOrDefault(tenant)?.Isolation ?? _options.TenantIsolation) == TenantSettings.OwnProcess;

    /// <summary>The tenant's running worker, started (or waited for) if need be.</summary>
    public Task<EngineWorker> GetAsync(string tenant, CancellationToken cancellationToken) => For(tenant).GetAsync(cancellationToken);

    public void SessionOpened(SessionRef reference, string principal, string tenant, EngineWorker worker, string? connectionId)
        => _sessions[reference.SessionId] = new RemoteSession(reference, principal, tenant, worker) { ConnectionId = connectionId };

    public void SessionClosed(string sessionId) => _sessions.TryRemove(sessionId, out _);

    /// <summary>The remote session a call names, owned by <paramref name="principal"/>; the same error as for an unknown one otherwise.</summary>
    public RemoteSession Resolve(SessionRef? reference, string principal, string? connectionId)
    {
        if (reference is null || reference.SessionId.Length == 0)
        {
            throw Failures.InvalidRequest("The request names no session; call OpenSession first.");
        }

        if (!_sessions.TryGetValue(reference.SessionId, out var session) || session.Principal != principal)
        {
            throw Failures.SessionNotFound();
        }

        if (session.Worker.HasExited)
        {
            _sessions.TryRemove(session.Id, out _);
            throw Lost(session.Tenant, session.Worker);
        }

        session.ConnectionId = connectionId ?? session.ConnectionId;
        session.OrphanedAt = 0;
        return session;
    }

    /// <summary>A client connection closed: its sessions are closed after the orphaned-session timeout unless used again.</summary>
    public void ConnectionClosed(string connectionId)
    {
        var now = Environment.TickCount64;
        foreach (var session in _sessions.Values.Where(s => s.ConnectionId == connectionId))
        {
            session.OrphanedAt = now;
        }
    }

    /// <summary>The error for a call whose engine process stopped under it.</summary>
    public static RpcException Lost(string tenant, EngineWorker worker) => Failures.Status(StatusCode.Unavailable, Failures.Error(
        "57P01", ErrorClass.Session,
        $"The engine process of tenant '{tenant}' stopped ({worker.ExitDescription}) and the session's running work was lost; committed data is intact. Open a new session.",
        transient: true));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _sweep.DisposeAsync();
        foreach (var tenant in _tenants.Values)
        {
            await tenant.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private TenantWorker For(string tenant) => _tenants.GetOrAdd(tenant, t => new TenantWorker(this, t));

    // Closes sessions orphaned for the timeout, and stops workers without sessions for the idle timeout.
    private void Sweep()
    {
        var now = Environment.TickCount64;
        foreach (var session in _sessions.Values.Where(s => s.OrphanedAt != 0 && now - s.OrphanedAt > _options.OrphanedSessionTimeout.TotalMilliseconds))
        {
            if (_sessions.TryRemove(session.Id, out _) && !session.Worker.HasExited)
            {
                _ = CloseQuietlyAsync(session);
            }
        }

        foreach (var tenant in _tenants.Values)
        {
            if (_sessions.Values.Any(s => s.Tenant == tenant.Tenant))
            {
                tenant.LastUsed = now;
            }
            else if (_settings.GetValueOrDefault(tenant.Tenant)?.MinWorkers is not > 0 && now - tenant.LastUsed > _options.WorkerIdleTimeout.TotalMilliseconds)
            {
                _ = tenant.StopIdleAsync();
            }
        }
    }

    private static async Task CloseQuietlyAsync(RemoteSession session)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await session.Worker.Link.CallAsync(LinkMethod.CloseSession, new CloseSessionRequest { Session = session.Reference }, CloseSessionResponse.Parser, timeout.Token);
        }
        catch (Exception error) when (error is RpcException or OperationCanceledException or IOException or InvalidDataException or ObjectDisposedException)
        {
            // The worker expires what it cannot close now.
        }
    }

    private IReadOnlyList<string> Arguments(string tenant, string socket)
    {
        var own = _settings.GetValueOrDefault(tenant);
        string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
        string Seconds(TimeSpan value) => value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
        var arguments = new List<string>
        {
            "--worker-tenant", tenant, "--listen-socket", socket, "--data", _options.DataFolder,
            "--tenant-memory-limit", own?.MemoryLimit ?? _defaultMemoryLimit,
            "--max-message-bytes", Number(_options.MaxMessageBytes), "--target-batch-bytes", Number(_options.TargetBatchBytes),
            "--max-sql-length", Number(_options.MaxSqlLength), "--max-statements-per-request", Number(_options.MaxStatementsPerRequest),
            "--max-set-operations", Number(_options.MaxSetOperations), "--max-result-rows", Number(_options.MaxResultRows),
            "--max-result-bytes", Number(_options.MaxResultBytes), "--statement-cache", Number(_options.StatementCache),
            "--statement-timeout", Seconds(_options.StatementTimeout), "--stream-stall-timeout", Seconds(_options.StreamStallTimeout),
            "--idle-timeout", Seconds(_options.IdleTimeout), "--reattach-window-bytes", Number(_options.ReattachWindowSetting),
            "--reattach-timeout", Seconds(_options.ReattachTimeout), "--max-concurrent-operations", Number(_options.MaxConcurrentOperations),
            "--max-sessions", Number(_options.MaxSessions), "--query-history", Number(_options.QueryHistory),
            // The server watches its workers itself; sessions follow the server's connection, never orphaned by it.
            "--keepalive-interval", "0", "--orphaned-session-timeout", "8760h",
        };
        if ((own?.Threads ?? _options.TenantThreads) is { } threads)
        {
            arguments.AddRange(["--tenant-threads", Number(threads)]);
        }

        return arguments;
    }

    /// <summary>One tenant's worker: at most one process at a time, restarted after it exits while it is wanted.</summary>
    private sealed class TenantWorker(EngineWorkers owner, string tenant) : IAsyncDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private Task<EngineWorker>? _starting;
        private int _crashes;

        public string Tenant => tenant;

        public EngineWorker? Current { get; private set; }

        public long LastUsed { get; set; } = Environment.TickCount64;

        public async Task<EngineWorker> GetAsync(CancellationToken cancellationToken)
        {
            LastUsed = Environment.TickCount64;
            if (Current is { HasExited: false } running)
            {
                return running;
            }

            Task<EngineWorker> starting;
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (Current is { HasExited: false } started)
                {
                    return started;
                }

                _starting ??= StartAsync();
                starting = _starting;
            }
            finally
            {
                _gate.Release();
            }

            return await starting.WaitAsync(cancellationToken);
        }

        public async Task StopIdleAsync()
        {
            EngineWorker? idle;
            await _gate.WaitAsync();
            try
            {
                idle = Current;
                Current = null;
            }
            finally
            {
                _gate.Release();
            }

            if (idle is not null)
            {
                owner._log.LogInformation("Stopping the idle engine process of tenant '{Tenant}' (pid {Pid})", tenant, idle.ProcessId);
                await idle.DisposeAsync();
            }
        }

        private async Task<EngineWorker> StartAsync()
        {
            try
            {
                var wait = RestartWaits[Math.Min(_crashes, RestartWaits.Length - 1)];
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, owner._stopping.Token);
                }

                // In the temporary folder: a socket path has at most 107 bytes, which a deep data folder could pass.
                var socket = Path.Combine(Path.GetTempPath(), $"quiver-engine-{Guid.NewGuid():N}.sock");
                var worker = await EngineWorker.StartAsync(tenant, socket, owner.Arguments(tenant, socket), owner._options.MaxMessageBytes, owner._log, owner._stopping.Token);
                Console.WriteLine($"Engine process of tenant '{tenant}' started (pid {worker.ProcessId})");
                Current = worker;
                _ = WatchAsync(worker);
                return worker;
            }
            finally
            {
                await _gate.WaitAsync();
                _starting = null;
                _gate.Release();
            }
        }

        // A worker that exits on its own crashed or was killed: its sessions are lost; it comes back (after a wait that
        // grows with repeated crashes) for a tenant that keeps one started, or at the next session otherwise.
        private async Task WatchAsync(EngineWorker worker)
        {
            await worker.Exited;
            if (owner._stopping.IsCancellationRequested || Current != worker)
            {
                return;
            }

            // Crashing again soon after a start makes the next start wait longer.
            _crashes = DateTime.UtcNow - worker.StartedAt < TimeSpan.FromMinutes(1) ? _crashes + 1 : 1;
            owner._log.LogError("The engine process of tenant '{Tenant}' (pid {Pid}) stopped ({Exit}); its sessions are lost", tenant, worker.ProcessId, worker.ExitDescription);
            Console.WriteLine($"Engine process of tenant '{tenant}' stopped ({worker.ExitDescription})");
            foreach (var session in owner._sessions.Values.Where(s => s.Worker == worker))
            {
                // Kept until the client's next call, which is told the session was lost (57P01).
                session.OrphanedAt = session.OrphanedAt == 0 ? Environment.TickCount64 : session.OrphanedAt;
            }

            try
            {
                await GetAsync(owner._stopping.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or IOException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                owner._log.LogError("Could not restart the engine process of tenant '{Tenant}': {Error}", tenant, error.Message);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Current is { } worker)
            {
                Current = null;
                await worker.DisposeAsync();
            }
        }
    }
}

/// <summary>A session that lives in an engine process, as this server knows it.</summary>
internal sealed class RemoteSession(SessionRef reference, string principal, string tenant, EngineWorker worker)
{
    public string Id => reference.SessionId;

    public string Principal => principal;

    public string Tenant => tenant;

    public EngineWorker Worker => worker;

    /// <summary>The worker's name for the session (the client uses the same id and epoch).</summary>
    public SessionRef Reference => reference;

    public string? ConnectionId { get; set; }

    public long OrphanedAt { get; set; }
}
