using Grpc.Core;
using Quiver.Arrow;
using Quiver.DuckDb;
using Quiver.Protocol.V1;
using Quiver.Server.Execution;
using Quiver.Server.Grpc;
using Quiver.Server.Sessions;
using Quiver.Server.Sql;
using Quiver.Server.Telemetry;

namespace Quiver.Server.Ingest;

/// <summary>
/// Ingest: Arrow record batches appended to a table of the caller's session through DuckDB's appender, as one
/// operation of the session (admission, cancellation and the statement timeout apply as for Execute). The bytes come
/// from the client, so Quiver.Arrow decodes and checks every message before a value reaches DuckDB; the table DDL is
/// written by the server from the Arrow schema, with every name quoted. Without an open transaction the whole ingest
/// (DDL and rows) is one transaction: it lands completely or not at all.
/// </summary>
internal sealed class IngestHandler(SessionRegistry sessions, ServerOptions options, EngineErrors errors, Admission admission, ServerTelemetry telemetry)
{
    private const int MaxNameLength = 1024;

    /// <summary>The quiver.v1 call: the first message names the session, the operation and the target.</summary>
    public async Task<IngestResponse> IngestAsync(IAsyncStreamReader<IngestRequest> requests, CallContext call)
    {
        if (!await requests.MoveNext(call.CancellationToken))
        {
            throw Failures.InvalidRequest("Ingest needs a first message with the session, operation_id and target.");
        }

        var first = requests.Current;
        if (first.OperationId.Length is 0 or > 256)
        {
            throw Failures.InvalidRequest("operation_id must be 1 to 256 characters (a UUID, for example).");
        }

        var target = first.Target ?? throw Failures.InvalidRequest("The first Ingest message must name the target table.");
        var session = sessions.Resolve(first.Session, call.Principal ?? "", call.ConnectionId);
        using var operation = session.Begin(first.OperationId, call.CancellationToken);
        var rows = await RunAsync(session, operation, target, Chunks(first, requests, call.CancellationToken));
        return new IngestResponse { RowsIngested = rows };
    }

    /// <summary>Runs an ingest of Arrow IPC stream chunks into <paramref name="target"/> as <paramref name="operation"/>.</summary>
    public async Task<ulong> RunAsync(Session session, Operation operation, IngestTarget target, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks)
    {
        Check(target);
        var record = telemetry.StartOperation(session, operation.Id, "ingest");
        record.Statement = $"INGEST INTO {string.Join('.', new[] { target.Catalog, target.Schema, target.Table }.Where(p => p.Length > 0))} ({target.Mode})";
        try
        {
            ulong rows;
            using (await admission.EnterAsync(session.Principal, operation.Cancellation))
            {
                if (options.StatementTimeout > TimeSpan.Zero)
                {
                    operation.CancelAfter(options.StatementTimeout);
                }

                rows = await IngestAsync(session.Connection, target, chunks, operation.Cancellation);
            }

            operation.Release();
            record.Finish(null);
            return rows;
        }
        catch (IngestException failure)
        {
            record.Finish(failure.Error);
            throw Failures.Status(Failures.StatusOf(failure.Error), failure.Error);
        }
        catch (DuckDbException failure)
        {
            var error = errors.ToError(failure, "", 0, 0);
            record.Finish(error);
            throw Failures.Status(Failures.StatusOf(error), error);
        }
        catch (OperationCanceledException) when (operation.Cancellation.IsCancellationRequested)
        {
            var error = operation.Stop == OperationStop.TimedOut
                ? Failures.Error("57014", ErrorClass.Timeout, "The ingest ran past the statement timeout and was stopped.")
                : Failures.Error("57014", ErrorClass.Cancelled, "The ingest was cancelled.");
            record.Finish(error);
            throw Failures.Status(Failures.StatusOf(error), error);
        }
        catch (Exception failure)
        {
            record.Fail(failure.GetType().Name);
            throw;
        }
    }

    private async Task<ulong> IngestAsync(DuckDbConnection connection, IngestTarget target, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellation)
    {
        var ownTransaction = TryBegin(connection);
        try
        {
            ulong rows = 0;
            ArrowSchema? schema = null;
            DuckDbAppender? appender = null;
            try
            {
                await foreach (var chunk in chunks.WithCancellation(cancellation))
                {
                    var decoder = new ArrowIpcDecoder(new ArrowReaderOptions { MaxMessageBytes = options.MaxMessageBytes, MaxFieldCount = 10_000 });
                    var bytes = chunk;
                    while (!bytes.IsEmpty && !decoder.IsCompleted)
                    {
                        ArrowIpcMessage message;
                        try
                        {
                            message = decoder.Decode(bytes, out var consumed);
                            bytes = bytes[consumed..];
                        }
                        catch (ArrowFormatException error)
                        {
                            throw new IngestException("22P03", ErrorClass.Protocol, $"The ingest data is not a valid Arrow IPC stream: {error.Message}");
                        }

                        if (schema is null && decoder.Schema is { } first)
                        {
                            schema = first;
                            appender = Prepare(connection, target, schema);
                        }
                        else if (decoder.Schema is { } again && !again.Equals(schema))
                        {
                            throw new IngestException("42804", ErrorClass.Semantic, "Every message of an ingest must carry the same Arrow schema.");
                        }

                        using var batch = message.Batch;
                        if (batch is not null)
                        {
                            cancellation.ThrowIfCancellationRequested();
                            Append(appender!, schema!, batch);
                            rows += (ulong)batch.Length;
                        }
                    }
                }

                if (appender is null)
                {
                    throw new IngestException("22P03", ErrorClass.Protocol, "The ingest sent no Arrow schema.");
                }

                appender.Close();
            }
            finally
            {
                appender?.Dispose();
            }

            if (ownTransaction)
            {
                connection.Execute("COMMIT");
            }

            return rows;
        }
        catch when (ownTransaction)
        {
            connection.Execute("ROLLBACK");
            throw;
        }
    }

    // An ingest outside a transaction gets its own; inside the session's, it is part of it.
    private static bool TryBegin(DuckDbConnection connection)
    {
        try
        {
            connection.Execute("BEGIN TRANSACTION");
            return true;
        }
        catch (DuckDbException error) when (error.ErrorType == DuckDbErrorType.Transaction)
        {
            return false;
        }
    }

    private static DuckDbAppender Prepare(DuckDbConnection connection, IngestTarget target, ArrowSchema schema)
    {
        if (schema.Fields.Count == 0)
        {
            throw new IngestException("42601", ErrorClass.Syntax, "The ingest's Arrow schema has no columns.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in schema.Fields)
        {
            if (field.Name.Length is 0 or > MaxNameLength || !names.Add(field.Name))
            {
                throw new IngestException("42701", ErrorClass.Semantic, $"Ingest columns need distinct names of 1 to {MaxNameLength} characters; '{field.Name}' is not.");
            }
        }

        var name = QualifiedName(target);
        var columns = string.Join(", ", schema.Fields.Select(f => $"{Quote(f.Name)} {IngestColumns.SqlType(f)}"));
        var temporary = target.Temporary ? "TEMPORARY " : "";
        switch (target.Mode)
        {
            case IngestMode.Create:
                connection.Execute($"CREATE {temporary}TABLE {name} ({columns})");
                break;
            case IngestMode.Replace:
                connection.Execute($"CREATE OR REPLACE {temporary}TABLE {name} ({columns})");
                break;
            case IngestMode.CreateAppend:
                connection.Execute($"CREATE {temporary}TABLE IF NOT EXISTS {name} ({columns})");
                break;
            case IngestMode.Append:
                break;
            default:
                throw new IngestException("22023", ErrorClass.Protocol, $"Unknown ingest mode {target.Mode}.");
        }

        DuckDbAppender appender;
        try
        {
            appender = DuckDbAppender.Create(
                connection, target.Temporary ? "temp" : Empty(target.Catalog), target.Temporary ? "main" : Empty(target.Schema), target.Table);
        }
        catch (DuckDbException error)
        {
            // DuckDB's appender reports a missing table without its error class.
            throw new IngestException("42P01", ErrorClass.Semantic, $"Table {name} does not exist ({error.Message}).");
        }

        var tableColumns = appender.ColumnCount;
        if (tableColumns != schema.Fields.Count)
        {
            appender.Dispose();
            throw new IngestException("42P07", ErrorClass.Semantic,
                $"Table {name} has {tableColumns} columns but the data has {schema.Fields.Count}; the table exists with another schema.");
        }

        return appender;
    }

    private static void Append(DuckDbAppender appender, ArrowSchema schema, ArrowRecordBatch batch)
    {
        var fields = schema.Fields;
        var columns = new ArrowArray[fields.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = batch.Column(c);
        }

        for (var row = 0; row < batch.Length; row++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                IngestColumns.Append(appender, fields[c], columns[c], row);
            }

            appender.EndRow();
        }
    }

    private static void Check(IngestTarget target)
    {
        if (target.Table.Length is 0 or > MaxNameLength || target.Catalog.Length > MaxNameLength || target.Schema.Length > MaxNameLength)
        {
            throw Failures.InvalidRequest($"The ingest target needs a table name (and optional catalog and schema) of at most {MaxNameLength} characters.");
        }

        if (target.Temporary && (target.Catalog.Length > 0 || target.Schema.Length > 0))
        {
            throw Failures.InvalidRequest("A temporary ingest table takes no catalog or schema (it is the session's own).");
        }
    }

    private static string QualifiedName(IngestTarget target)
        => string.Join('.', new[] { target.Catalog, target.Schema, target.Table }.Where(part => part.Length > 0).Select(Quote));

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(
        IngestRequest first, IAsyncStreamReader<IngestRequest> rest, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        yield return first.ArrowStream.Memory;
        while (await rest.MoveNext(cancellation))
        {
            if (rest.Current.Session is not null || rest.Current.Target is not null)
            {
                throw new IngestException("22023", ErrorClass.Protocol, "Only the first Ingest message names the session and target.");
            }

            yield return rest.Current.ArrowStream.Memory;
        }
    }
}
