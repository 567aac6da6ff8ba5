using Grpc.Core;
using System.Diagnostics;
using Google.Protobuf;
using Quiver.DuckDb;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.Sql;
using Quiver.Protocol.V1;
using Quiver.Server.Grpc;
using Quiver.Server.Results;
using Quiver.Server.Sessions;
using Quiver.Server.Sql;
using Quiver.Server.Telemetry;

namespace Quiver.Server.Execution;

/// <summary>
/// Execute: runs a request's statements in order in the caller's session and streams their results. Batches are
/// written one at a time and each write waits for HTTP/2 flow control, so a slow client slows DuckDB down instead of
/// making the server buffer. Statement errors end the stream with OperationEnd.error; request errors are gRPC statuses.
/// </summary>
internal sealed class ExecuteHandler
{
    private static readonly HashSet<string> SetOperations = new(StringComparer.Ordinal) { "union", "except", "intersect" };

    /// <summary>Refuses SQL whose set operations would make DuckDB's planner run for minutes and take gigabytes.</summary>
    public static void CheckSetOperations(string sql, ServerOptions options)
    {
        if (SqlText.CountKeywords(sql, SetOperations) is var sets && sets > options.MaxSetOperations)
        {
            throw Failures.InvalidRequest(
                $"A statement has {sets} set operations (UNION, EXCEPT, INTERSECT); the server takes at most {options.MaxSetOperations} (max-set-operations), because planning time and memory grow with their square.");
        }
    }

    private readonly SessionRegistry _sessions;
    private readonly ServerOptions _options;
    private readonly EngineErrors _errors;
    private readonly Admission _admission;

    /// <summary>The server's operation slots, which every engine operation (Execute, Ingest) takes one of.</summary>
    internal Admission Admission => _admission;
    private readonly ServerTelemetry _telemetry;

    public ExecuteHandler(SessionRegistry sessions, ServerOptions options, EngineErrors errors, Admission admission, ServerTelemetry telemetry)
    {
        _sessions = sessions;
        _options = options;
        _errors = errors;
        _admission = admission;
        _telemetry = telemetry;
    }

    public async Task ExecuteAsync(ExecuteRequest request, IResponseSink<ExecuteEvent> responses, CallContext call)
    {
        var session = _sessions.Resolve(request.Session, call.Principal ?? "", call.ConnectionId);
        var pieces = Validate(request);
        if (!session.Reattachable)
        {
            using var operation = session.Begin(request.OperationId, call.CancellationToken);
            await RunAsync(session, operation, "execute", request.Statements, request.Options ?? new ExecuteOptions(), responses, pieces);
            return;
        }

        // The operation outlives its call: a broken stream detaches, and the client reattaches to the kept events.
        using (var operation = session.Begin(request.OperationId, CancellationToken.None))
        {
            var kept = session.KeepEvents(operation, responses, _options);
            // Disposed before the handler returns: Kestrel reuses the token's source for later requests.
            using (call.CancellationToken.Register(static state => ((ResumableResult)state!).DetachFirst(), kept))
            {
                await RunAsync(session, operation, "execute", request.Statements, request.Options ?? new ExecuteOptions(), kept, pieces);
                await kept.FirstStreamEnded;
            }
        }
    }

    /// <summary>Reattach: the events of a running or finished operation after a sequence number, then the live ones.</summary>
    public async Task ReattachAsync(ReattachRequest request, IResponseSink<ExecuteEvent> responses, CallContext call)
    {
        var session = _sessions.Resolve(request.Session, call.Principal ?? "", call.ConnectionId);
        var kept = Kept(session, request.OperationId);
        await kept.AttachAsync(responses, request.AfterSequence, call.CancellationToken);
    }

    /// <summary>Release: drops the events the client holds, or all of them (cancelling the operation if it runs).</summary>
    public ReleaseResponse Release(ReleaseRequest request, CallContext call)
    {
        var session = _sessions.Resolve(request.Session, call.Principal ?? "", call.ConnectionId);
        var kept = Kept(session, request.OperationId);
        if (request.ReleaseAll)
        {
            kept.Drop();
        }
        else
        {
            kept.Release(request.UpToSequence);
        }

        return new ReleaseResponse();
    }

    private static ResumableResult Kept(Session session, string operationId)
    {
        if (!session.Reattachable)
        {
            throw Failures.Status(StatusCode.FailedPrecondition, Failures.Error("08P01", ErrorClass.Protocol,
                "The session did not negotiate resumable results: Reattach and Release need CAPABILITY_REATTACH and CAPABILITY_RELEASE in OpenSession."));
        }

        return session.KeptEvents(operationId) ?? throw ResumableResult.Unknown(operationId);
    }

    /// <summary>
    /// Runs statements as an operation of the session that already holds it (Execute, GetMetadata); <c>pieces</c> is
    /// each statement's text split into statements when the caller has split them already.
    /// </summary>
    public async Task RunAsync(
        Session session, Operation operation, string call, IReadOnlyList<Statement> statements, ExecuteOptions options,
        IResponseSink<ExecuteEvent> responses, IReadOnlyList<List<SqlPiece>>? pieces = null)
    {
        var record = _telemetry.StartOperation(session, operation.Id, call);
        record.Statement = statements.Count == 1 ? statements[0].Sql : string.Join(";\n", statements.Select(s => s.Sql));
        var timeout = options.TimeoutMs > 0 ? TimeSpan.FromMilliseconds(options.TimeoutMs) : _options.StatementTimeout;
        var run = new Run(this, session, operation, responses, options, timeout, record);
        try
        {
            Error? error;
            using (await _admission.EnterAsync(session.Principal, operation.Cancellation))
            {
                operation.CancelAfter(timeout);
                using var interrupt = new EngineInterrupter(session.Connection, operation.Cancellation);

                // The first statement may compute for a long time before its first event: the client gets the headers now.
                await responses.StartAsync();
                error = await run.StatementsAsync(statements, pieces);
            }

            // The engine work is over: the session is free before the client hears so, or its next call could find the
            // session still running this operation (55006).
            operation.Release();
            record.Finish(error);
            await run.WriteAsync(new ExecuteEvent
            {
                OperationEnd = new OperationEnd
                {
                    Error = error,
                    ElapsedMicroseconds = (ulong)(record.Elapsed.Ticks / 10),
                    MaxBufferedBytes = (ulong)run.HighWaterBytes,
                    MaxWindowBytes = responses is ResumableResult kept ? (ulong)kept.HighWaterBytes : 0,
                },
            });
        }
        catch (Exception error)
        {
            record.Fail(operation.Stop == OperationStop.ClientGone ? "client gone" : error.GetType().Name);
            throw;
        }
    }

    // Returns each statement's text split into statements (the split that counts them is the one that runs).
    private List<SqlPiece>[] Validate(ExecuteRequest request)
    {
        if (request.OperationId.Length is 0 or > 256)
        {
            throw Failures.InvalidRequest("operation_id must be 1 to 256 characters (a UUID, for example).");
        }

        if (request.Statements.Count == 0)
        {
            throw Failures.InvalidRequest("The request has no statements.");
        }

        if (request.Statements.Count > _options.MaxStatementsPerRequest)
        {
            throw TooManyStatements(request.Statements.Count);
        }

        var pieces = new List<SqlPiece>[request.Statements.Count];
        var count = 0;
        for (var i = 0; i < pieces.Length; i++)
        {
            var sql = request.Statements[i].Sql;
            if (sql.Length > _options.MaxSqlLength)
            {
                throw Failures.InvalidRequest(
                    $"A statement has {sql.Length} characters of SQL; the server takes at most {_options.MaxSqlLength} (max-sql-length).");
            }

            pieces[i] = SqlText.Split(sql);
            count += Math.Max(1, pieces[i].Count);
            if (count > _options.MaxStatementsPerRequest)
            {
                throw TooManyStatements(count);
            }

            CheckSetOperations(sql, _options);
        }

        return pieces;
    }

    private RpcException TooManyStatements(int count) => Failures.InvalidRequest(
        $"The request has {count} statements or more; the server takes at most {_options.MaxStatementsPerRequest} per request (max-statements-per-request), counting each statement of a multi-statement text.");

    /// <summary>The state of one running Execute.</summary>
    private sealed class Run(
        ExecuteHandler handler, Session session, Operation operation, IResponseSink<ExecuteEvent> responses, ExecuteOptions options, TimeSpan timeout, OperationRecord record)
    {
        // The group's and its few events' tags and lengths.
        private const int GroupOverheadBytes = 64;
        private ulong _sequence;
        private bool _lastStatement;
        private readonly List<ExecuteEvent> _held = [];
        private long _heldBytes;

        public long HighWaterBytes { get; private set; }

        public async Task<Error?> StatementsAsync(IReadOnlyList<Statement> statements, IReadOnlyList<List<SqlPiece>>? split)
        {
            for (var index = 0; index < statements.Count; index++)
            {
                var statement = statements[index];
                var pieces = split?[index] ?? SqlText.Split(statement.Sql);
                // A text of only comments runs nothing and has no result, as PostgreSQL answers an empty query.
                if (pieces.Count == 0 && string.IsNullOrWhiteSpace(statement.Sql))
                {
                    return Failures.Error("42601", ErrorClass.Syntax, "The statement is empty.", statementIndex: (uint)index);
                }

                if (!statement.Parameters.IsEmpty && pieces.Count > 1)
                {
                    return Failures.Error(
                        "07001", ErrorClass.Protocol, $"Parameters need a single statement, but the text holds {pieces.Count}.", statementIndex: (uint)index);
                }

                for (var p = 0; p < pieces.Count; p++)
                {
                    _lastStatement = index == statements.Count - 1 && p == pieces.Count - 1;
                    if (await PieceAsync((uint)index, statement, pieces[p]) is { } error)
                    {
                        return error;
                    }
                }
            }

            return null;
        }

        /// <param name="message">The event.</param>
        /// <param name="followedAtOnce">Another event follows without engine work in between: both leave in one write.</param>
        public async ValueTask WriteAsync(ExecuteEvent message, bool followedAtOnce = false)
        {
            message.Sequence = ++_sequence;
            if (!session.EventGroups)
            {
                await responses.WriteAsync(message, followedAtOnce);
                return;
            }

            // Held back while the next event follows at once; then they leave as one EventGroup, under the message limit.
            var size = message.CalculateSize();
            if (_held.Count > 0 && _heldBytes + size > handler._options.MaxMessageBytes - GroupOverheadBytes)
            {
                await WriteHeldAsync(followedAtOnce: true);
            }

            if (_held.Count == 0 && !followedAtOnce)
            {
                await responses.WriteAsync(message);
                return;
            }

            if (message.EventCase == ExecuteEvent.EventOneofCase.Batch)
            {
                // Held past the batcher's next use of its buffer: the held batch needs bytes of its own.
                message.Batch.ArrowMessages = ByteString.CopyFrom(message.Batch.ArrowMessages.Span);
            }

            _held.Add(message);
            _heldBytes += size;
            if (!followedAtOnce)
            {
                await WriteHeldAsync(followedAtOnce: false);
            }
        }

        private ValueTask WriteHeldAsync(bool followedAtOnce)
        {
            var message = _held.Count == 1 ? _held[0] : new ExecuteEvent { Group = new EventGroup { Events = { _held } } };
            _held.Clear();
            _heldBytes = 0;
            return responses.WriteAsync(message, followedAtOnce);
        }

        private async Task<Error?> PieceAsync(uint index, Statement statement, SqlPiece piece)
        {
            var sql = statement.Sql.Substring(piece.Start, piece.Length);
            DuckDbResult? result = null;
            long? changedByRows = null;
            DuckDbPreparedStatement? prepared = null;
            var type = DuckDbStatementType.Invalid;
            var ran = false;
            try
            {
                StopIfCancelled();
                // A kept statement passed the guard with this very text; the guard judges only the text and the kind.
                prepared = session.Statements.Take(sql, out type);
                if (prepared is null)
                {
                    if (StatementGuard.TextRefusal(sql) is { } called)
                    {
                        return Failures.Error("42501", ErrorClass.Permission, called, statementIndex: index);
                    }

                    prepared = session.Connection.Prepare(sql);
                    type = prepared.StatementType;
                    if (StatementGuard.Refusal(session.Connection, type, sql) is { } refusal)
                    {
                        return Failures.Error("42501", ErrorClass.Permission, refusal, statementIndex: index);
                    }
                }

                using var values = ParameterBinder.Decode(prepared, statement.Parameters.Memory);
                record.StatementType = type.ToString();
                if (values.Rows > 1)
                {
                    if (RowsRefusal(index, type, prepared, values.Rows) is { } refused)
                    {
                        return refused;
                    }

                    changedByRows = RunPerRow(prepared, values);
                }
                else
                {
                    values.Bind(prepared, 0);
                    result = StatementKinds.Streams(type) ? prepared.ExecuteStreaming() : prepared.Execute();
                }

                ran = true;
            }
            catch (DuckDbException error)
            {
                return Stopped(index) ?? handler._errors.ToError(error, statement.Sql, piece.Start, index);
            }
            catch (ParameterException error)
            {
                return Failures.Error("22023", ErrorClass.Data, error.Message, statementIndex: index);
            }
            finally
            {
                // A streaming result does not need its statement: the statement may be kept or disposed already.
                if (prepared is not null)
                {
                    session.Statements.Return(sql, prepared, type, ran);
                }
            }

            if (changedByRows is { } changed)
            {
                record.RowsAffected += changed;
                await WriteAsync(new ExecuteEvent { ResultSetEnd = new ResultSetEnd { StatementIndex = index, Kind = StatementKinds.Of(type), RowsAffected = changed } }, followedAtOnce: _lastStatement);
                return null;
            }

            using (result)
            {
                return await ResultAsync(index, type, result!);
            }
        }

        // Several rows of parameters: a statement that changes rows runs once per row and reports their total; one that
        // returns rows (a query, RETURNING) would need a result set per row, so it binds one row only.
        private static Error? RowsRefusal(uint index, DuckDbStatementType type, DuckDbPreparedStatement prepared, int rows)
            => StatementKinds.Streams(type) || prepared.ColumnCount != 1 || prepared.GetColumnName(0) != "Count"
                ? Failures.Error("0A000", ErrorClass.Semantic,
                    $"A statement that returns rows binds one row of parameter values; {rows} rows were sent (several rows are for INSERT, UPDATE and DELETE).",
                    statementIndex: index)
                : null;

        private long RunPerRow(DuckDbPreparedStatement prepared, ParameterBinder.ParameterRows values)
        {
            long changed = 0;
            for (var row = 0; row < values.Rows; row++)
            {
                StopIfCancelled();
                values.Bind(prepared, row);
                using var result = prepared.Execute();
                changed += Math.Max(0, result.RowsChanged);
            }

            return changed;
        }

        private async Task<Error?> ResultAsync(uint index, DuckDbStatementType type, DuckDbResult result)
        {
            var kind = StatementKinds.Of(type);
            if (result.ReturnType != DuckDbResultType.QueryResult)
            {
                var changed = result.ReturnType == DuckDbResultType.ChangedRows ? result.RowsChanged : -1;
                record.RowsAffected += Math.Max(0, changed);
                await WriteAsync(new ExecuteEvent { ResultSetEnd = new ResultSetEnd { StatementIndex = index, Kind = kind, RowsAffected = changed } }, followedAtOnce: _lastStatement);
                return null;
            }

            ResultBatcher batcher;
            try
            {
                var target = options.TargetBatchBytes > 0 ? options.TargetBatchBytes : (long)handler._options.TargetBatchBytes;
                batcher = new ResultBatcher(result, target, handler._options.MaxMessageBytes - 1024, options.MaxRows);
            }
            catch (NotSupportedException error)
            {
                return Failures.Error("0A000", ErrorClass.Semantic, error.Message, statementIndex: index);
            }

            using (batcher)
            {
                await WriteAsync(new ExecuteEvent
                {
                    ResultSetStart = new ResultSetStart { StatementIndex = index, ArrowSchema = ByteString.CopyFrom(batcher.EncodeSchema().Span) },
                }, followedAtOnce: true);
                while (true)
                {
                    bool more;
                    ReadOnlyMemory<byte> messages;
                    int rows;
                    long offset;
                    try
                    {
                        StopIfCancelled();
                        more = batcher.TryNext(out messages, out rows, out offset);
                    }
                    catch (DuckDbException error)
                    {
                        return Stopped(index) ?? handler._errors.ToError(error, "", 0, index);
                    }
                    catch (ResultTooLargeException error)
                    {
                        return Failures.Error("54000", ErrorClass.Resource, error.Message, statementIndex: index);
                    }

                    HighWaterBytes = Math.Max(HighWaterBytes, batcher.HighWaterBytes);
                    if (!more)
                    {
                        break;
                    }

                    if (OverResultLimit(index, rows, messages.Length) is { } over)
                    {
                        return over;
                    }

                    record.RowsProduced += rows;
                    record.BytesSent += messages.Length;
                    // The batch's bytes are written out before WriteAsync returns (or copied when held in a group).
                    await WriteAsync(new ExecuteEvent
                    {
                        Batch = new ResultBatch
                        {
                            StatementIndex = index,
                            RowOffset = (ulong)offset,
                            RowCount = (uint)rows,
                            ArrowMessages = UnsafeByteOperations.UnsafeWrap(messages),
                        },
                    }, followedAtOnce: batcher.Finished);
                }

                // DuckDB counts no changed rows on the result of INSERT/UPDATE/DELETE ... RETURNING: it returns one row
                // per changed row, so those are the rows affected (a lower bound when max rows truncated the result).
                var affected = kind is StatementKind.Insert or StatementKind.Update or StatementKind.Delete
                    ? Math.Max(result.RowsChanged, (long)batcher.RowsProduced)
                    : -1;
                record.RowsAffected += Math.Max(0, affected);
                await WriteAsync(new ExecuteEvent
                {
                    ResultSetEnd = new ResultSetEnd
                    {
                        StatementIndex = index,
                        Kind = kind,
                        RowsAffected = affected,
                        RowsProduced = (ulong)batcher.RowsProduced,
                        Truncated = batcher.Truncated,
                    },
                }, followedAtOnce: _lastStatement);
                return null;
            }
        }

        // The server's limits on what one operation sends: the batch that would pass one is not sent, and the
        // operation ends with an error, so that a client never takes a cut result for a whole one.
        private Error? OverResultLimit(uint index, int rows, int bytes)
        {
            var options = handler._options;
            if (options.MaxResultRows > 0 && record.RowsProduced + rows > options.MaxResultRows)
            {
                return Failures.Error("54000", ErrorClass.Resource,
                    $"The operation's results have more than {options.MaxResultRows} rows, the most the server sends for one operation (max-result-rows).", statementIndex: index);
            }

            if (options.MaxResultBytes > 0 && record.BytesSent + bytes > options.MaxResultBytes)
            {
                return Failures.Error("54000", ErrorClass.Resource,
                    $"The operation's results are larger than {options.MaxResultBytes} bytes, the most the server sends for one operation (max-result-bytes).", statementIndex: index);
            }

            return null;
        }

        private void StopIfCancelled()
        {
            if (operation.Cancellation.IsCancellationRequested)
            {
                throw new DuckDbException(DuckDbErrorType.Interrupt, "INTERRUPT Error: Interrupted!");
            }
        }

        /// <summary>The error for an operation that was stopped on purpose, or null when it was not.</summary>
        private Error? Stopped(uint index) => operation.Stop switch
        {
            OperationStop.Cancelled => Failures.Error("57014", ErrorClass.Cancelled, "The operation was cancelled.", statementIndex: index),
            OperationStop.TimedOut => Failures.Error(
                "57014", ErrorClass.Timeout, $"The operation was cancelled after its timeout of {timeout.TotalSeconds:0.###} s.", statementIndex: index),
            OperationStop.SessionClosed => Failures.Error("57P01", ErrorClass.Session, "The operation was cancelled because its session closed.", statementIndex: index),
            OperationStop.ClientGone => throw new OperationCanceledException(operation.Cancellation),
            _ => null,
        };
    }
}
