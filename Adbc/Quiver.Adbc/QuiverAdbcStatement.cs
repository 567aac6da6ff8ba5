using Apache.Arrow;
using Apache.Arrow.Ipc;
using Google.Protobuf;
using Quiver.Data;

namespace Quiver.Adbc;

/// <summary>
/// An AdbcStatement: SQL text, optionally prepared, with bound Arrow parameters. A query streams its result from the
/// server as it is read; bound rows are sent as the Arrow data they came as (IPC streams of about a megabyte) and the
/// server runs the statement once per row, up to <see cref="RowsPerCall"/> streams in one server call.
/// </summary>
internal sealed class QuiverAdbcStatement(QuiverAdbcConnection connection) : IDisposable
{
    /// <summary>Parameter streams sent in one Execute call (the server's default max-statements-per-request is 1000).</summary>
    public const int RowsPerCall = 1000;

    private readonly object _gate = new();
    private string? _sql;
    private bool _prepared;
    private List<RecordBatch>? _bound;
    private QuiverCommand? _running;
    private readonly IngestOptions _ingest = new();

    public void SetSqlQuery(string sql)
    {
        _sql = sql;
        _prepared = false;
    }

    public void SetOption(string key, string value)
    {
        if (!_ingest.Set(key, value))
        {
            throw AdbcException.NotImplemented($"Unknown statement option '{key}'.");
        }
    }

    public string GetOption(string key)
        => _ingest.Get(key) ?? throw new AdbcException(Native.AdbcStatus.NotFound, $"Statement option '{key}' is not set or not known.");

    public void Prepare()
    {
        using var command = NewCommand();
        command.Prepare();
        _prepared = true;
    }

    /// <summary>Takes ownership of the batch.</summary>
    public void Bind(RecordBatch batch)
    {
        ReleaseBound();
        _bound = [batch];
    }

    /// <summary>Reads the stream to its end now (the caller may release it after this call) and takes the batches.</summary>
    public void Bind(IArrowArrayStream stream)
    {
        ReleaseBound();
        var batches = new List<RecordBatch>();
        try
        {
            while (stream.ReadNextRecordBatchAsync().AsTask().GetAwaiter().GetResult() is { } batch)
            {
                batches.Add(batch);
            }
        }
        catch
        {
            batches.ForEach(b => b.Dispose());
            throw;
        }

        _bound = batches;
    }

    public Schema ParameterSchema()
    {
        using var command = NewCommand();
        return command.DescribeParameterSchemaAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public Schema ResultSchema()
    {
        using var command = NewCommand();
        using var reader = command.ExecuteReader(System.Data.CommandBehavior.SchemaOnly);
        return reader.GetArrowSchema();
    }

    /// <summary>Runs the statement and returns its result as a stream the caller owns.</summary>
    public QuiverArrowStream ExecuteQuery()
    {
        if (_ingest.Target is not null)
        {
            throw AdbcException.InvalidArgument("A bulk ingest returns no result: execute it with a NULL output stream (ExecuteUpdate).");
        }

        var sets = ParameterSets();
        var rows = _bound?.Sum(batch => (long)batch.Length) ?? 0;
        if (rows > 1)
        {
            throw AdbcException.InvalidArgument($"A query runs with one row of bound parameters; {rows} were bound. Bind one row, or execute without a result stream (an update) to run once per row.");
        }

        var command = NewCommand();
        command.ArrowParameterSets = sets;
        // Tracked while its stream is read, so that Cancel reaches the query until the next execution.
        Track(command);
        return command.ExecuteArrowStreamAsync().GetAwaiter().GetResult();
    }

    /// <summary>Runs the statement (once per bound row), or the bulk ingest, and returns the rows it changed, or -1 when unknown.</summary>
    public long ExecuteUpdate()
    {
        if (_ingest.Target is { } target)
        {
            return Ingest(target);
        }

        var sets = ParameterSets();
        long changed = -1;
        var chunks = sets is null ? [null] : Calls(sets);
        foreach (var chunk in chunks)
        {
            using var command = NewCommand();
            command.ArrowParameterSets = chunk;
            Track(command);
            try
            {
                var rows = command.ExecuteNonQuery();
                if (rows >= 0)
                {
                    changed = Math.Max(changed, 0) + rows;
                }
            }
            finally
            {
                Untrack(command);
            }
        }

        return changed;
    }

    public void Cancel()
    {
        lock (_gate)
        {
            _running?.Cancel();
        }
    }

    public void Dispose()
    {
        ReleaseBound();
        connection.Remove(this);
    }

    // The bound data as IPC streams of about a megabyte each, one message of the ingest call apiece.
    private long Ingest(Quiver.Protocol.V1.IngestTarget target)
    {
        if (_bound is null)
        {
            throw AdbcException.InvalidState("A bulk ingest needs its data bound first (AdbcStatementBind or BindStream).");
        }

        return checked((long)connection.Connection.IngestAsync(target, IngestStreams(_bound), CancellationToken.None).GetAwaiter().GetResult());
    }

    private static IEnumerable<ByteString> IngestStreams(List<RecordBatch> bound)
    {
        const long TargetBytes = 1 << 20;
        foreach (var original in bound)
        {
            var whole = ArrowIpc.Write(original);
            if (whole.Length <= TargetBytes || original.Length <= 1)
            {
                yield return whole;
                continue;
            }

            // Too big for one message: sliced by rows, from the batch read back from its own IPC form (Apache.Arrow's
            // writer cannot slice some imported arrays, such as a NULL validity buffer from a C stream).
            using var batch = ArrowIpc.Read(whole);
            var rowsPerSlice = (int)Math.Clamp(TargetBytes * batch.Length / whole.Length, 1, batch.Length);
            for (var start = 0; start < batch.Length; start += rowsPerSlice)
            {
                using var slice = batch.Slice(start, Math.Min(rowsPerSlice, batch.Length - start));
                yield return ArrowIpc.Write(slice);
            }
        }
    }

    private QuiverCommand NewCommand()
    {
        if (_sql is null)
        {
            throw AdbcException.InvalidState("The statement has no SQL; call AdbcStatementSetSqlQuery first.");
        }

        var command = connection.Command(_sql);
        if (_prepared)
        {
            command.Prepare();
        }

        return command;
    }

    // Parameter streams grouped into Execute calls that stay under the server's default 4 MiB message limit and its
    // 1,000 statements per request.
    private static List<IReadOnlyList<ByteString>?> Calls(List<ByteString> sets)
    {
        const long MaxCallBytes = 3 << 20;
        var calls = new List<IReadOnlyList<ByteString>?>();
        var current = new List<ByteString>();
        long bytes = 0;
        foreach (var set in sets)
        {
            if (current.Count > 0 && (current.Count == RowsPerCall || bytes + set.Length > MaxCallBytes))
            {
                calls.Add(current);
                current = [];
                bytes = 0;
            }

            current.Add(set);
            bytes += set.Length;
        }

        calls.Add(current);
        return calls;
    }

    private void Track(QuiverCommand command)
    {
        lock (_gate)
        {
            _running = command;
        }
    }

    private void Untrack(QuiverCommand command)
    {
        lock (_gate)
        {
            if (_running == command)
            {
                _running = null;
            }
        }
    }

    // The bound rows as Arrow IPC streams of about a megabyte each: the server runs the statement once per row of each.
    private List<ByteString>? ParameterSets() => _bound is null ? null : [.. IngestStreams(_bound)];

    private void ReleaseBound()
    {
        _bound?.ForEach(batch => batch.Dispose());
        _bound = null;
    }
}

/// <summary>Apache.Arrow's IPC stream format in and out of byte strings.</summary>
internal static class ArrowIpc
{
    public static ByteString Write(RecordBatch batch)
    {
        using var output = new MemoryStream();
        using (var writer = new ArrowStreamWriter(output, batch.Schema, leaveOpen: true))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }

        return UnsafeByteOperations.UnsafeWrap(output.ToArray());
    }

    /// <summary>The one batch of an IPC stream.</summary>
    public static RecordBatch Read(ByteString stream)
    {
        using var reader = new ArrowStreamReader(new MemoryStream(stream.ToByteArray()));
        return reader.ReadNextRecordBatch() ?? throw AdbcException.InvalidArgument("The bound data has no batch.");
    }
}
