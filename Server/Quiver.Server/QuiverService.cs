using Grpc.Core;
using System.Reflection;
using Google.Protobuf;
using Quiver.Arrow;
using Quiver.DuckDb;
using Quiver.Protocol;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.Sql;
using Quiver.Protocol.V1;
using Quiver.Server.Execution;
using Quiver.Server.Grpc;
using Quiver.Server.Results;
using Quiver.Server.Sessions;
using Quiver.Server.Sql;
using Quiver.Server.Telemetry;

namespace Quiver.Server;

/// <summary>The quiver.v1 calls: sessions, Ping, Execute, Describe, Cancel and GetMetadata.</summary>
internal sealed class QuiverService
{
    public const uint ProtocolVersion = 1;

    private static readonly Capability[] Offered =
    [
        Capability.StatementBatches, Capability.Parameters, Capability.ArrowDictionaries, Capability.Gzip, Capability.Reset, Capability.EventGroups, Capability.Ingest,
        Capability.Reattach, Capability.Release,
    ];

    internal static readonly string ServerVersion =
        typeof(QuiverService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private readonly SessionRegistry _sessions;
    private readonly ServerOptions _options;
    private readonly Func<string, string> _tenantOf;
    private readonly Func<string, bool> _isolated;
    private readonly ExecuteHandler _execute;
    private readonly Ingest.IngestHandler _ingest;
    private readonly EngineErrors _errors;
    private readonly ServerTelemetry _telemetry;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _catalogs = new(StringComparer.Ordinal);

    // isolated: whether a tenant runs in an engine process; its quiver.v1 calls never reach this service.
    public QuiverService(
        SessionRegistry sessions, ServerOptions options, Func<string, string> tenantOf, ExecuteHandler execute, EngineErrors errors, ServerTelemetry telemetry,
        Func<string, bool>? isolated = null)
    {
        _isolated = isolated ?? (_ => false);
        _sessions = sessions;
        _options = options;
        _tenantOf = tenantOf;
        _execute = execute;
        _ingest = new Ingest.IngestHandler(sessions, options, errors, execute.Admission, telemetry);
        _errors = errors;
        _telemetry = telemetry;
    }

    public Task ExecuteAsync(ExecuteRequest request, IResponseSink<ExecuteEvent> responses, CallContext call) =>
        _execute.ExecuteAsync(request, responses, call);

    public Task ReattachAsync(ReattachRequest request, IResponseSink<ExecuteEvent> responses, CallContext call) =>
        _execute.ReattachAsync(request, responses, call);

    public Task<ReleaseResponse> ReleaseAsync(ReleaseRequest request, CallContext call) =>
        Task.FromResult(_execute.Release(request, call));

    public Task<IngestResponse> IngestAsync(global::Grpc.Core.IAsyncStreamReader<IngestRequest> requests, CallContext call) =>
        _ingest.IngestAsync(requests, call);

    /// <summary>An ingest into <paramref name="target"/> in a session resolved as for any call (Flight SQL's CommandStatementIngest).</summary>
    public async Task<ulong> IngestAsync(SessionRef reference, IngestTarget target, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CallContext call)
    {
        var session = _sessions.Resolve(reference, call.Principal ?? "", call.ConnectionId);
        using var operation = session.Begin("ingest-" + Guid.NewGuid().ToString("N"), call.CancellationToken);
        return await _ingest.RunAsync(session, operation, target, chunks);
    }

    public Task<OpenSessionResponse> OpenSessionAsync(OpenSessionRequest request, CallContext call)
    {
        var min = Math.Max(1, request.MinProtocolVersion);
        var max = request.MaxProtocolVersion == 0 ? min : request.MaxProtocolVersion;
        if (min > ProtocolVersion || max < ProtocolVersion)
        {
            throw Failures.Status(StatusCode.FailedPrecondition, Failures.Error(
                "08P01", ErrorClass.Protocol, $"The client speaks protocol versions {min} to {max}; this server speaks {ProtocolVersion}."));
        }

        foreach (var name in request.Settings.Keys)
        {
            if (!StatementGuard.SessionSettings.Contains(name))
            {
                throw Failures.Status(StatusCode.PermissionDenied, Failures.Error(
                    "42501", ErrorClass.Permission,
                    $"Setting '{name}' cannot be set per session; allowed: {string.Join(", ", StatementGuard.SessionSettings.Order(StringComparer.OrdinalIgnoreCase))}."));
            }
        }

        var principal = call.Principal ?? "";
        var tenant = _tenantOf(principal);
        if (request.Tenant.Length > 0 && request.Tenant != tenant)
        {
            throw Failures.Status(StatusCode.PermissionDenied, Failures.Error(
                "28000", ErrorClass.Permission, $"The token does not grant tenant '{request.Tenant}'."));
        }

        if (_isolated(tenant))
        {
            // Only Flight SQL gets here for such a tenant: its sessions live in this process.
            throw Failures.Status(StatusCode.Unimplemented, Failures.Error("0A000", ErrorClass.Protocol,
                $"Tenant '{tenant}' runs in an engine process of its own (isolation: process), which Flight SQL does not reach yet; use quiver.v1 (Quiver.Data, the ADBC and ODBC drivers)."));
        }

        var session = _sessions.Open(principal, tenant, call.ConnectionId);
        var response = new OpenSessionResponse
        {
            Session = new SessionRef { SessionId = session.Id, Epoch = _sessions.Epoch },
            ProtocolVersion = ProtocolVersion,
            ServerVersion = ServerVersion,
            Engine = "duckdb",
            EngineVersion = DuckDbDatabase.LibraryVersion,
            MaxMessageBytes = (uint)_options.MaxMessageBytes,
            IdleTimeoutSeconds = (uint)_options.IdleTimeout.TotalSeconds,
            Tenant = tenant,
        };
        // Reattach and Release work only together: a client that announces one of them gets neither.
        var resumable = request.Capabilities.Contains(Capability.Reattach) && request.Capabilities.Contains(Capability.Release);
        response.Capabilities.AddRange(Offered.Where(c => request.Capabilities.Contains(c) && (resumable || c is not (Capability.Reattach or Capability.Release))));
        session.OpeningSettings = new Dictionary<string, string>(request.Settings, StringComparer.OrdinalIgnoreCase);
        session.EventGroups = response.Capabilities.Contains(Capability.EventGroups);
        session.Reattachable = resumable;
        if (session.Reattachable)
        {
            response.ReattachWindowBytes = (ulong)_options.ReattachWindowBytes;
        }
        try
        {
            ApplySettings(session, response.Settings);
            response.Database = _catalogs.GetOrAdd(tenant, static (_, connection) => CurrentDatabase(connection), session.Connection);
        }
        catch (DuckDbException error)
        {
            _sessions.Close(session, "failed to open");
            throw Failures.Status(StatusCode.InvalidArgument, _errors.ToError(error, "", 0, 0));
        }

        session.ClientNames = (request.ClientName, request.ApplicationName);
        _telemetry.SessionOpened(session, request.ClientName, request.ApplicationName);
        return Task.FromResult(response);
    }

    public Task<ResetSessionResponse> ResetSessionAsync(ResetSessionRequest request, CallContext call)
    {
        var session = _sessions.Resolve(request.Session, call.Principal ?? "", call.ConnectionId);
        using var operation = session.Begin("reset-" + Guid.NewGuid().ToString("N"), call.CancellationToken, remember: false);
        _sessions.Reset(session, operation);
        var response = new ResetSessionResponse();
        try
        {
            ApplySettings(session, response.Settings);
        }
        catch (DuckDbException error)
        {
            _sessions.Close(session, "failed to reset");
            throw Failures.Status(StatusCode.Internal, _errors.ToError(error, "", 0, 0));
        }

        _telemetry.SessionReset(session);
        return Task.FromResult(response);
    }

    private static string CurrentDatabase(DuckDbConnection connection)
    {
        using var query = connection.Prepare("SELECT current_database()");
        using var result = query.Execute();
        using var chunk = result.FetchChunk();
        return chunk is { RowCount: > 0 } ? chunk.GetVector(0).GetString(0) : "";
    }

    // Settings were checked against StatementGuard.SessionSettings when the session opened.
    private static void ApplySettings(Session session, IDictionary<string, string> effective)
    {
        foreach (var (name, value) in session.OpeningSettings)
        {
            session.Connection.Execute($"SET {name} = '{value.Replace("'", "''", StringComparison.Ordinal)}'");
            using var current = session.Connection.Prepare($"SELECT current_setting('{name}')::VARCHAR");
            using var result = current.Execute();
            using var chunk = result.FetchChunk();
            effective[name] = chunk is { RowCount: > 0 } && chunk.GetVector(0).Validity.IsValid(0) ? chunk.GetVector(0).GetString(0) : "";
        }
    }

    public Task<CloseSessionResponse> CloseSessionAsync(CloseSessionRequest request, CallContext call)
    {
        var session = _sessions.Resolve(request.Session, call.Principal ?? "", call.ConnectionId);
        _sessions.Close(session, "closed by client");
        return Task.FromResult(new CloseSessionResponse());
    }

    /// <summary>Whether <paramref name="reference"/> names an open session of <paramref name="principal"/> in this server's epoch.</summary>
    public bool IsOpen(SessionRef reference, string principal) => _sessions.StateOf(reference, principal) == SessionState.Active;

    public Task<PingResponse> PingAsync(PingRequest request, CallContext call)
    {
        var state = request.Session is { } reference ? _sessions.StateOf(reference, call.Principal ?? "") : SessionState.Unspecified;
        return Task.FromResult(new PingResponse { ServerEpoch = _sessions.Epoch, SessionState = state });
    }

    public Task<CancelResponse> CancelAsync(CancelRequest request, CallContext call)
    {
        var session = _sessions.Resolve(request.Session, call.Principal ?? "", call.ConnectionId);
        return Task.FromResult(new CancelResponse { Cancelled = (uint)session.Cancel(request.OperationId) });
    }

    public Task<DescribeResponse> DescribeAsync(DescribeRequest request, CallContext call)
    {
        var session = _sessions.Resolve(request.Session, call.Principal ?? "", call.ConnectionId);
        if (request.Sql.Length > _options.MaxSqlLength)
        {
            throw Failures.InvalidRequest($"The statement has {request.Sql.Length} characters of SQL; the server takes at most {_options.MaxSqlLength} (max-sql-length).");
        }

        ExecuteHandler.CheckSetOperations(request.Sql, _options);
        var pieces = SqlText.Split(request.Sql);
        if (pieces.Count != 1)
        {
            throw Failures.InvalidRequest(pieces.Count == 0 ? "The statement is empty." : $"Describe takes one statement; the text holds {pieces.Count}.");
        }

        using var operation = session.Begin("describe-" + Guid.NewGuid().ToString("N"), call.CancellationToken, remember: false);
        var sql = request.Sql.Substring(pieces[0].Start, pieces[0].Length);
        // A kept statement passed the guard with this text; a described one is kept for the Execute that follows.
        var prepared = session.Statements.Take(sql, out var type);
        var described = false;
        try
        {
            if (prepared is null)
            {
                if (StatementGuard.TextRefusal(sql) is { } called)
                {
                    throw Failures.Status(StatusCode.PermissionDenied, Failures.Error("42501", ErrorClass.Permission, called));
                }

                prepared = session.Connection.Prepare(sql);
                type = prepared.StatementType;
                if (StatementGuard.Refusal(session.Connection, type, sql) is { } refusal)
                {
                    throw Failures.Status(StatusCode.PermissionDenied, Failures.Error("42501", ErrorClass.Permission, refusal));
                }
            }

            var kind = StatementKinds.Of(type);
            var response = new DescribeResponse
            {
                Kind = kind,
                ResultSchema = ResultSchema(prepared, kind),
                ParameterSchema = ParameterSchema(prepared),
            };
            described = true;
            return Task.FromResult(response);
        }
        catch (DuckDbException error)
        {
            throw Failures.Status(StatusCode.InvalidArgument, _errors.ToError(error, request.Sql, pieces[0].Start, 0));
        }
        finally
        {
            if (prepared is not null)
            {
                // Describing runs nothing, so unlike running a statement of another kind it empties nothing.
                if (described && StatementCache.Keeps(type))
                {
                    session.Statements.Return(sql, prepared, type, succeeded: true);
                }
                else
                {
                    prepared.Dispose();
                }
            }
        }
    }

    public Task GetMetadataAsync(MetadataRequest request, IResponseSink<ExecuteEvent> responses, CallContext call)
    {
        var session = _sessions.Resolve(request.Session, call.Principal ?? "", call.ConnectionId);
        var statement = MetadataQueries.For(request) ?? throw Failures.InvalidRequest("The metadata request names no kind (catalogs, schemas, tables, columns or type_info).");
        var id = request.OperationId.Length > 0 ? request.OperationId : "metadata-" + Guid.NewGuid().ToString("N");
        var operation = session.Begin(id, call.CancellationToken, remember: request.OperationId.Length > 0);
        return RunAndEnd(operation);

        async Task RunAndEnd(Operation running)
        {
            using (running)
            {
                await _execute.RunAsync(session, running, "metadata", [statement], new ExecuteOptions(), responses);
            }
        }
    }

    private static ByteString ResultSchema(DuckDbPreparedStatement prepared, StatementKind kind)
    {
        var count = prepared.ColumnCount;
        var changedRowsOnly = kind is StatementKind.Insert or StatementKind.Update or StatementKind.Delete
            && count == 1 && prepared.GetColumnName(0) == "Count";
        if (count == 0 || changedRowsOnly || kind is StatementKind.Ddl or StatementKind.Set or StatementKind.Transaction)
        {
            return ByteString.Empty;
        }

        long dictionaryId = 0;
        var fields = new ArrowField[count];
        for (var i = 0; i < count; i++)
        {
            fields[i] = FieldOrUnknown(prepared.GetColumnName(i), prepared.GetColumnType(i), ref dictionaryId);
        }

        return EncodeSchema(new ArrowSchema(fields));
    }

    private static ByteString ParameterSchema(DuckDbPreparedStatement prepared)
    {
        long dictionaryId = 0;
        var fields = new ArrowField[prepared.ParameterCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = FieldOrUnknown(prepared.GetParameterName(i + 1), prepared.GetParameterType(i + 1), ref dictionaryId);
        }

        return EncodeSchema(new ArrowSchema(fields));
    }

    // A type DuckDB leaves open until execution (an untyped parameter feeding a column) is described as Arrow's null type.
    private static ArrowField FieldOrUnknown(string name, DuckDbLogicalType type, ref long dictionaryId)
    {
        try
        {
            return type.Id == DuckDbType.Invalid ? new ArrowField(name, ArrowType.Null) : ColumnCopier.For(name, type, ref dictionaryId).Field;
        }
        catch (NotSupportedException)
        {
            return new ArrowField(name, ArrowType.Null);
        }
    }

    private static ByteString EncodeSchema(ArrowSchema schema)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        new ArrowIpcEncoder(schema).WriteSchema(output);
        return ByteString.CopyFrom(output.WrittenSpan);
    }
}
