using System.Diagnostics;
using System.Diagnostics.Metrics;
using Quiver.Protocol.V1;
using Quiver.Server.Sessions;

namespace Quiver.Server.Telemetry;

/// <summary>
/// Logs, metrics (<see cref="Meter"/> "Quiver.Server"), spans (<see cref="ActivitySource"/> "Quiver.Server") and the
/// optional JSON-lines event log, for sessions and operations.
/// </summary>
internal sealed partial class ServerTelemetry : IDisposable
{
    public const string Name = "Quiver.Server";
    private static readonly ActivitySource Source = new(Name);
    private readonly Meter _meter = new(Name);
    private readonly Counter<long> _bytesSent;
    private readonly Counter<long> _rowsSent;
    private readonly Counter<long> _sessionsOpened;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _running;
    private readonly ILogger _logger;
    private readonly EventLog? _events;

    /// <param name="logger">Where session and operation lines are logged.</param>
    /// <param name="eventLogPath">The JSON-lines event log, or null.</param>
    /// <param name="activeSessions">The number of open sessions now.</param>
    /// <param name="queuedOperations">The number of operations waiting for a slot now.</param>
    /// <param name="historyPerTenant">How many finished operations quiver_queries() keeps per tenant.</param>
    public ServerTelemetry(ILogger logger, string? eventLogPath, Func<int> activeSessions, Func<int> queuedOperations, int historyPerTenant)
    {
        _logger = logger;
        History = new QueryHistory(historyPerTenant);
        _events = eventLogPath is null ? null : new EventLog(eventLogPath);
        // docs/server.md#metrics lists these with their Prometheus names; keep the two in step.
        _meter.CreateObservableGauge("quiver.server.sessions.active", activeSessions, "{session}", "Open sessions.");
        _meter.CreateObservableGauge("quiver.server.operations.queued", queuedOperations, "{operation}", "Operations waiting for a slot now.");
        _sessionsOpened = _meter.CreateCounter<long>("quiver.server.sessions.opened", "{session}", "Sessions opened.");
        _running = _meter.CreateUpDownCounter<long>("quiver.server.operations.running", "{operation}", "Operations running now.");
        _rowsSent = _meter.CreateCounter<long>("quiver.server.result.rows", "{row}", "Result rows sent to clients.");
        _bytesSent = _meter.CreateCounter<long>("quiver.server.result.sent", "By", "Arrow result bytes sent to clients.");
        _errors = _meter.CreateCounter<long>("quiver.server.operation.errors", "{error}", "Operations that failed, by SQLSTATE class (its first two characters).");
        // From half a millisecond (a point query) to minutes (a scan); OpenTelemetry's default buckets are for milliseconds.
        _duration = _meter.CreateHistogram("quiver.server.operation.duration", "s", "How long operations took.", tags: null, new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
        });
    }

    /// <summary>What quiver_queries() shows.</summary>
    public QueryHistory History { get; }

    public void SessionOpened(Session session, string clientName, string applicationName)
    {
        _sessionsOpened.Add(1, new KeyValuePair<string, object?>("tenant", session.Tenant));
        LogSessionOpened(session.Id, session.Principal, session.Tenant, clientName, applicationName);
        _events?.Write(new { @event = "session_open", session = session.Id, principal = session.Principal, tenant = session.Tenant, client = clientName, application = applicationName });
    }

    public void SessionClosed(Session session, string reason)
    {
        LogSessionClosed(session.Id, session.Principal, reason);
        _events?.Write(new { @event = "session_close", session = session.Id, principal = session.Principal, reason });
    }

    public void SessionReset(Session session) => LogSessionReset(session.Id, session.Principal);

    public OperationRecord StartOperation(Session session, string operationId, string call)
    {
        var activity = Source.StartActivity("quiver." + call, ActivityKind.Server, CallerContext());
        activity?.SetTag("quiver.session.id", session.Id);
        activity?.SetTag("quiver.operation.id", operationId);
        activity?.SetTag("enduser.id", session.Principal);
        _running.Add(1);
        var record = new OperationRecord(this, session, operationId, call, activity);
        History.Started(record);
        return record;
    }

    /// <summary>
    /// The span's parent: the caller's traceparent. ASP.NET Core starts an unrecorded Activity for every request (for
    /// log scopes) whose parent is that traceparent, if any; a span under it would inherit "not recorded" and never be
    /// exported, so it is stepped over unless something records it.
    /// </summary>
    private static ActivityContext CallerContext()
    {
        var request = Activity.Current;
        if (request is null || request.Recorded || !Source.HasListeners())
        {
            return default;
        }

        Activity.Current = null;
        return request.ParentId is { } parent && ActivityContext.TryParse(parent, request.TraceStateString, isRemote: true, out var caller)
            ? caller
            : default;
    }

    internal void OperationEnded(OperationRecord record, string outcome, Error? error)
    {
        _running.Add(-1);
        History.Ended(record, outcome, error?.SqlState);
        var seconds = record.Elapsed.TotalSeconds;
        var tenant = new KeyValuePair<string, object?>("tenant", record.Session.Tenant);
        _duration.Record(seconds, new("call", record.Call), new("outcome", outcome), tenant);
        _bytesSent.Add(record.BytesSent, tenant);
        _rowsSent.Add(record.RowsProduced, tenant);
        if (error is not null)
        {
            _errors.Add(1, new("sqlstate_class", error.SqlState.Length >= 2 ? error.SqlState[..2] : error.SqlState), tenant);
        }

        if (record.Activity is { } activity)
        {
            activity.SetTag("quiver.rows", record.RowsProduced);
            activity.SetTag("quiver.bytes", record.BytesSent);
            activity.SetTag("db.statement.type", record.StatementType);
            if (error is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, error.SqlState);
                activity.SetTag("db.response.status_code", error.SqlState);
            }

            activity.Dispose();
        }

        LogOperation(
            record.Session.Principal, record.Session.Id, record.OperationId, record.Call, record.StatementType, record.Elapsed.TotalMilliseconds,
            record.RowsProduced, record.RowsAffected, record.BytesSent, outcome, error?.SqlState ?? "");
        _events?.Write(new
        {
            @event = "operation",
            session = record.Session.Id,
            principal = record.Session.Principal,
            operation = record.OperationId,
            call = record.Call,
            statement_type = record.StatementType,
            duration_ms = Math.Round(record.Elapsed.TotalMilliseconds, 3),
            rows = record.RowsProduced,
            rows_affected = record.RowsAffected,
            bytes = record.BytesSent,
            outcome,
            sql_state = error?.SqlState,
        });
    }

    public void Dispose()
    {
        _meter.Dispose();
        _events?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} opened by {Principal} (tenant {Tenant}, client '{Client}', application '{Application}').")]
    private partial void LogSessionOpened(string sessionId, string principal, string tenant, string client, string application);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} of {Principal} closed ({Reason}).")]
    private partial void LogSessionClosed(string sessionId, string principal, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId} of {Principal} reset.")]
    private partial void LogSessionReset(string sessionId, string principal);

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Operation {OperationId} ({Call}, {StatementType}) of {Principal} in session {SessionId}: {Outcome} {SqlState} after {DurationMs:0.###} ms, {Rows} rows sent, {RowsAffected} affected, {Bytes} bytes.")]
    private partial void LogOperation(
        string principal, string sessionId, string operationId, string call, string statementType, double durationMs, long rows, long rowsAffected, long bytes, string outcome, string sqlState);
}

/// <summary>What one operation did, reported when it ends.</summary>
internal sealed class OperationRecord(ServerTelemetry telemetry, Session session, string operationId, string call, Activity? activity)
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private int _ended;
    private string _statement = "";

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The SQL the operation runs, cut to <see cref="QueryHistory.MaxStatementLength"/> characters.</summary>
    public string Statement
    {
        get => _statement;
        set => _statement = QueryHistory.Cut(value);
    }

    public Session Session => session;

    public string OperationId => operationId;

    public string Call => call;

    public Activity? Activity => activity;

    public string StatementType { get; set; } = "";

    public long RowsProduced { get; set; }

    public long RowsAffected { get; set; }

    public long BytesSent { get; set; }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public void Finish(Error? error) => End(error is null ? "succeeded" : "failed", error);

    public void Fail(string reason) => End(reason, null);

    private void End(string outcome, Error? error)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            telemetry.OperationEnded(this, outcome, error);
        }
    }
}
