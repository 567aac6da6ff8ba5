using Quiver.DuckDb;
using Quiver.Server.Sessions;
using Quiver.Server.Telemetry;

namespace Quiver.Server.Sql;

/// <summary>
/// The server's own table functions, registered in every tenant's database, so a session sees its own tenant only:
/// <c>quiver_queries()</c> (running and recent operations), <c>quiver_sessions()</c> (open sessions) and
/// <c>quiver_cancel('operation id')</c> (cancels an operation of the caller's principal in another session).
/// Statement texts of other principals are NULL, as PostgreSQL's pg_stat_activity hides other roles' queries.
/// </summary>
internal sealed class ServerFunctions
{
    public static readonly string[] Names = ["quiver_queries", "quiver_sessions", "quiver_cancel"];

    private SessionRegistry? _sessions;
    private QueryHistory? _history;

    /// <summary>Connects the functions to the server's state, once it exists (databases open before it).</summary>
    public void Attach(SessionRegistry sessions, QueryHistory history)
    {
        _sessions = sessions;
        _history = history;
    }

    public void RegisterOn(DuckDbConnection connection, string tenant)
    {
        connection.Register(new Queries(this, tenant));
        connection.Register(new SessionList(this, tenant));
        connection.Register(new Cancel(this, tenant));
    }

    private (SessionRegistry Sessions, QueryHistory History, Session Caller) Context(string function, string tenant, ulong connectionId)
    {
        var sessions = _sessions ?? throw new InvalidOperationException($"{function}() is not available while the server starts.");
        var caller = sessions.OfTenant(tenant).FirstOrDefault(s => s.EngineConnectionId == connectionId)
            ?? throw new InvalidOperationException($"{function}() can only be called from a client session.");
        return (sessions, _history!, caller);
    }

    private sealed class Queries(ServerFunctions server, string tenant) : DuckDbTableFunction("quiver_queries", 0, [
        new("operation_id", DuckDbType.Varchar), new("principal", DuckDbType.Varchar), new("session_id", DuckDbType.Varchar),
        new("call", DuckDbType.Varchar), new("statement", DuckDbType.Varchar), new("started", DuckDbType.TimestampTz),
        new("duration_ms", DuckDbType.Double), new("rows", DuckDbType.BigInt), new("bytes", DuckDbType.BigInt),
        new("outcome", DuckDbType.Varchar), new("sql_state", DuckDbType.Varchar)])
    {
        protected override IReadOnlyList<object?[]> Rows(ulong connectionId, IReadOnlyList<string?> arguments)
        {
            var (_, history, caller) = server.Context(Name, tenant, connectionId);
            return history.Of(tenant).Select(q => new object?[]
            {
                q.OperationId, q.Principal, q.SessionId, q.Call, q.Principal == caller.Principal ? q.Statement : null, q.Started,
                Math.Round(q.Duration.TotalMilliseconds, 3), q.Rows, q.Bytes, q.Outcome, q.SqlState,
            }).ToList();
        }
    }

    private sealed class SessionList(ServerFunctions server, string tenant) : DuckDbTableFunction("quiver_sessions", 0, [
        new("session_id", DuckDbType.Varchar), new("principal", DuckDbType.Varchar), new("opened", DuckDbType.TimestampTz),
        new("state", DuckDbType.Varchar), new("operation_id", DuckDbType.Varchar), new("client", DuckDbType.Varchar),
        new("application", DuckDbType.Varchar), new("is_current", DuckDbType.Boolean)])
    {
        protected override IReadOnlyList<object?[]> Rows(ulong connectionId, IReadOnlyList<string?> arguments)
        {
            var (sessions, _, caller) = server.Context(Name, tenant, connectionId);
            return sessions.OfTenant(tenant).OrderBy(s => s.OpenedAt).Select(s =>
            {
                var running = s.RunningOperationId;
                return new object?[]
                {
                    s.Id, s.Principal, s.OpenedAt, running is null ? "idle" : "running", running, s.ClientNames.Client, s.ClientNames.Application, s == caller,
                };
            }).ToList();
        }
    }

    private sealed class Cancel(ServerFunctions server, string tenant) : DuckDbTableFunction("quiver_cancel", 1, [new("cancelled", DuckDbType.Boolean)])
    {
        protected override IReadOnlyList<object?[]> Rows(ulong connectionId, IReadOnlyList<string?> arguments)
        {
            var (sessions, _, caller) = server.Context(Name, tenant, connectionId);
            var id = arguments[0];
            // Only the caller's principal's operations, never its own session's (that one runs this statement); another
            // principal's operation id is treated as unknown, so nothing is learnt about it.
            var cancelled = !string.IsNullOrEmpty(id) && sessions.OfTenant(tenant)
                .Where(s => s != caller && s.Principal == caller.Principal)
                .Sum(s => s.Cancel(id)) > 0;
            return [[cancelled]];
        }
    }
}
