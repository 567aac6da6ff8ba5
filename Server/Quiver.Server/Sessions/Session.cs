using Grpc.Core;
using Quiver.DuckDb;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;
using Quiver.Server.Grpc;

namespace Quiver.Server.Sessions;

/// <summary>
/// One client session: its own DuckDB connection to its tenant's database (temp objects, settings, prepared
/// statements, transaction), owned by the principal that opened it. It runs one operation at a time; the connection
/// is closed only once no operation uses it.
/// </summary>
internal sealed class Session
{
    private const int RememberedOperationIds = 1024;
    private readonly object _gate = new();
    private readonly HashSet<string> _seenIds = new(StringComparer.Ordinal);
    private readonly Queue<string> _seenOrder = new();
    private Operation? _running;
    private ResumableResult? _resumable;
    private bool _closed;
    private long _lastUsed;
    private string? _connectionId;
    private long _orphanedAt;

    public Session(string id, string principal, string tenant, DuckDbConnection connection, long now, int statementCache = 0)
    {
        Statements = new StatementCache(statementCache);
        Id = id;
        Principal = principal;
        Tenant = tenant;
        Connection = connection;
        EngineConnectionId = connection.ConnectionId;
        _lastUsed = now;
    }

    /// <summary>When the session was opened.</summary>
    public DateTimeOffset OpenedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>DuckDB's id of the session's connection: how a table function tells which session calls it.</summary>
    public ulong EngineConnectionId { get; private set; }

    /// <summary>The client and application names the session was opened with.</summary>
    public (string Client, string Application) ClientNames { get; set; } = ("", "");

    /// <summary>The id of the operation running now, or null.</summary>
    public string? RunningOperationId
    {
        get
        {
            lock (_gate)
            {
                return _running?.Id;
            }
        }
    }

    public string Id { get; }

    public string Principal { get; }

    public string Tenant { get; }

    public DuckDbConnection Connection { get; private set; }

    /// <summary>The statements prepared on <see cref="Connection"/> and kept for the running operation to reuse.</summary>
    /// <remarks>Emptied before the connection closes: a kept statement holds DuckDB's connection state alive.</remarks>
    public StatementCache Statements { get; }

    /// <summary>The settings the session was opened with; a reset applies them again.</summary>
    public IReadOnlyDictionary<string, string> OpeningSettings { get; set; } = new Dictionary<string, string>();

    /// <summary>The client takes several events in one message (CAPABILITY_EVENT_GROUPS).</summary>
    public bool EventGroups { get; set; }

    /// <summary>Execute results are kept for Reattach until released (CAPABILITY_REATTACH and CAPABILITY_RELEASE).</summary>
    public bool Reattachable { get; set; }

    /// <summary>
    /// Keeps the events of <paramref name="operation"/> for Reattach from now on. A session keeps one operation's:
    /// the next operation starts only once this one is over, and its start drops them.
    /// </summary>
    public ResumableResult KeepEvents(Operation operation, IResponseSink<ExecuteEvent> first, ServerOptions options)
    {
        var kept = new ResumableResult(operation, first, options.ReattachWindowBytes, options.ReattachTimeout, options.StreamStallTimeout,
            dropped => Interlocked.CompareExchange(ref _resumable, null, dropped));
        Interlocked.Exchange(ref _resumable, kept)?.Drop();
        return kept;
    }

    /// <summary>The kept events of operation <paramref name="operationId"/>, or null.</summary>
    public ResumableResult? KeptEvents(string operationId) => Volatile.Read(ref _resumable) is { } kept && kept.OperationId == operationId ? kept : null;

    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>
    /// Ties the session to the client connection of its latest call; a session whose connection closed is orphaned
    /// until a call from another connection adopts it.
    /// </summary>
    public void BindTo(string? connectionId)
    {
        lock (_gate)
        {
            if (connectionId is not null && connectionId != _connectionId)
            {
                _connectionId = connectionId;
                _orphanedAt = 0;
            }
        }
    }

    /// <summary>Marks the session orphaned when <paramref name="connectionId"/> is the connection it is tied to.</summary>
    public bool Orphan(string connectionId, long now)
    {
        lock (_gate)
        {
            if (_connectionId != connectionId || _orphanedAt != 0)
            {
                return false;
            }

            _orphanedAt = now;
            return true;
        }
    }

    /// <summary>True when nothing runs and the session's connection closed before <paramref name="cutoff"/>.</summary>
    public bool IsOrphanedSince(long cutoff)
    {
        lock (_gate)
        {
            return _running is null && _orphanedAt != 0 && _orphanedAt < cutoff;
        }
    }

    /// <summary>Marks the session used now (an idle session expires).</summary>
    public void Touch(long now) => Interlocked.Exchange(ref _lastUsed, now);

    /// <summary>True when nothing runs and the session was last used before <paramref name="cutoff"/>.</summary>
    public bool IsIdleSince(long cutoff)
    {
        lock (_gate)
        {
            return _running is null && Interlocked.Read(ref _lastUsed) < cutoff;
        }
    }

    /// <summary>Starts an operation, or fails: the session runs one at a time, and an operation id never runs twice.</summary>
    public Operation Begin(string operationId, CancellationToken callCancelled, bool remember = true)
    {
        var operation = Start(operationId, callCancelled, remember);
        // The client has moved on from the previous operation: the events kept for its Reattach go.
        if (Volatile.Read(ref _resumable) is { } kept && kept.OperationId != operationId)
        {
            kept.Drop();
        }

        return operation;
    }

    private Operation Start(string operationId, CancellationToken callCancelled, bool remember)
    {
        lock (_gate)
        {
            if (_closed)
            {
                throw Failures.SessionNotFound();
            }

            if (!remember)
            {
                return _running is null ? _running = new Operation(operationId, this, callCancelled) : throw Busy();
            }

            if (!_seenIds.Add(operationId))
            {
                throw Failures.Status(StatusCode.AlreadyExists, Failures.Error(
                    "42710", ErrorClass.Protocol, $"Operation '{operationId}' was already sent in this session; it does not run twice."));
            }

            _seenOrder.Enqueue(operationId);
            if (_seenOrder.Count > RememberedOperationIds)
            {
                _seenIds.Remove(_seenOrder.Dequeue());
            }

            if (_running is not null)
            {
                _seenIds.Remove(operationId);
                throw Busy();
            }

            _running = new Operation(operationId, this, callCancelled);
            return _running;
        }
    }

    private RpcException Busy() => Failures.Status(StatusCode.FailedPrecondition, Failures.Error(
        "55006", ErrorClass.Resource, $"The session is running operation '{_running!.Id}'; a session runs one operation at a time."));

    /// <summary>Cancels the running operation (any, when <paramref name="operationId"/> is empty); returns how many were.</summary>
    public int Cancel(string operationId)
    {
        Operation? running;
        lock (_gate)
        {
            running = _running;
        }

        if (running is null || (operationId.Length > 0 && running.Id != operationId))
        {
            return 0;
        }

        return running.Cancel(OperationStop.Cancelled) ? 1 : 0;
    }

    /// <summary>
    /// Swaps in a fresh connection, which drops everything connection-scoped (transaction, temp objects, variables,
    /// settings, prepared statements). The caller holds the session's operation slot (<paramref name="owner"/>), so
    /// nothing else uses the connection meanwhile.
    /// </summary>
    public void ReplaceConnection(DuckDbConnection fresh, Operation owner)
    {
        DuckDbConnection old;
        lock (_gate)
        {
            if (_closed || _running != owner)
            {
                fresh.Dispose();
                throw Failures.SessionNotFound();
            }

            old = Connection;
            Statements.Clear();
            Connection = fresh;
            EngineConnectionId = fresh.ConnectionId;
        }

        old.Dispose();
    }

    /// <summary>Closes the session: cancels what runs, and closes the connection now or when the operation ends.</summary>
    public void Close()
    {
        Operation? running;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            running = _running;
        }

        if (running is null)
        {
            CloseConnection();
        }
        else
        {
            running.Cancel(OperationStop.SessionClosed);
        }

        Volatile.Read(ref _resumable)?.Drop();
    }

    internal void End(Operation operation, long now)
    {
        bool dispose;
        lock (_gate)
        {
            if (_running == operation)
            {
                _running = null;
            }

            dispose = _closed;
        }

        Touch(now);
        if (dispose)
        {
            CloseConnection();
        }
    }

    private void CloseConnection()
    {
        Statements.Dispose();
        Connection.Dispose();
    }
}
