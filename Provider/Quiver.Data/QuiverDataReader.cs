using System.Collections;
using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Quiver.Arrow;
using Quiver.Data.Internal;
using Quiver.Data.Types;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Data;

/// <summary>
/// Reads the result sets of a <see cref="QuiverCommand"/>. Rows are read in place from Arrow record batches: typed
/// getters go straight to the column buffers, and the next batch is received while the current one is read.
/// Disposing the reader before the end stops the query on the server instead of draining it.
/// </summary>
public sealed partial class QuiverDataReader : DbDataReader
{
    private static readonly Task<bool> True = Task.FromResult(true);
    private static readonly Task<bool> False = Task.FromResult(false);

    private readonly QuiverConnection _connection;
    private readonly CommandBehavior _behavior;
    private readonly ResultStream? _stream;
    private ResultBatch? _pooledBatch;
    private readonly Activity? _activity;
    private readonly long _started;
    private ReaderState _state;
    private ColumnReader[] _columns = [];
    private ArrowIpcDecoder? _decoder;
    private ArrowRecordBatch? _batch;
    private int _row = -1;
    private int _batchLength;
    private ExecuteEvent? _buffered;
    private int _recordsAffected = -1;
    private int _resultSets;
    private long _rowsRead;
    private bool _hasRows;
    private Exception? _failure;

    private enum ReaderState
    {
        /// <summary>Positioned in a result set with columns (rows may follow).</summary>
        InResult,

        /// <summary>The current result set's rows are all read.</summary>
        AfterResult,

        /// <summary>No more result sets.</summary>
        Done,

        /// <summary>Closed or disposed.</summary>
        Closed,
    }

    private Action<string?>? _running;
    private Action<int, long>? _statementEnded;

    private QuiverDataReader(QuiverConnection connection, CommandBehavior behavior, ResultStream? stream, Activity? activity, long started)
    {
        _connection = connection;
        _behavior = behavior;
        _stream = stream;
        _activity = activity;
        _started = started;
        _state = ReaderState.Done;
    }

    internal static async Task<QuiverDataReader> StartAsync(
        QuiverConnection connection, CommandBehavior behavior, ResultStream stream, Activity? activity, long started,
        Action<string?>? running, Action<int, long>? statementEnded, bool async, CancellationToken cancellationToken)
    {
        var reader = new QuiverDataReader(connection, behavior, stream, activity, started) { _running = running, _statementEnded = statementEnded };
        connection.CurrentReader = reader;
        try
        {
            await reader.AdvanceToResultAsync(async, cancellationToken).ConfigureAwait(false);
            return reader;
        }
        catch (Exception error)
        {
            reader._failure = error;
            await reader.CloseCoreAsync(async: true).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A reader with the columns of <paramref name="schema"/> and no rows (CommandBehavior.SchemaOnly).</summary>
    internal static QuiverDataReader SchemaOnly(QuiverConnection connection, CommandBehavior behavior, ArrowSchema? schema)
    {
        var reader = new QuiverDataReader(connection, behavior, null, null, Stopwatch.GetTimestamp());
        if (schema is not null)
        {
            reader._schema = schema;
            reader._columns = schema.Fields.Select(ColumnReaders.Create).ToArray();
            reader._state = ReaderState.AfterResult;
        }

        connection.CurrentReader = reader;
        return reader;
    }

    /// <inheritdoc/>
    public override int Depth => 0;

    /// <inheritdoc/>
    public override int FieldCount => _state == ReaderState.Closed ? throw Closed() : _columns.Length;

    /// <inheritdoc/>
    public override bool HasRows => _state == ReaderState.Closed ? throw Closed() : _hasRows;

    /// <inheritdoc/>
    public override bool IsClosed => _state == ReaderState.Closed;

    /// <inheritdoc/>
    public override int RecordsAffected => _recordsAffected;

    /// <inheritdoc/>
    public override object this[int ordinal] => GetValue(ordinal);

    /// <inheritdoc/>
    public override object this[string name] => GetValue(GetOrdinal(name));

    /// <inheritdoc/>
    public override bool Read()
    {
        if (_batch is not null && _row + 1 < _batchLength && !StopAfterOneRow)
        {
            _row++;
            _rowsRead++;
            return true;
        }

        return ReadSlowAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <inheritdoc/>
    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (_batch is not null && _row + 1 < _batchLength && !StopAfterOneRow)
        {
            _row++;
            _rowsRead++;
            return True;
        }

        return ReadSlowAsync(async: true, cancellationToken);
    }

    /// <inheritdoc/>
    public override bool NextResult() => NextResultCoreAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => NextResultCoreAsync(async: true, cancellationToken);

    /// <inheritdoc/>
    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    /// <inheritdoc/>
    public override void Close() => CloseCoreAsync(async: false).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task CloseAsync() => CloseCoreAsync(async: true);

    /// <inheritdoc/>
    public override ValueTask DisposeAsync() => new(CloseCoreAsync(async: true));

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }
    }

    /// <summary>Reads to the end of every result set (ExecuteNonQuery); returns <see cref="RecordsAffected"/>.</summary>
    internal async Task<int> DrainAsync(bool async, CancellationToken cancellationToken)
    {
        while (await NextResultCoreAsync(async, cancellationToken).ConfigureAwait(false))
        {
        }

        return RecordsAffected;
    }

    /// <summary>The first column of the first row, or null without one (ExecuteScalar).</summary>
    internal async Task<object?> FirstValueAsync(bool async, CancellationToken cancellationToken)
    {
        var found = async ? await ReadAsync(cancellationToken).ConfigureAwait(false) : Read();
        return found && FieldCount > 0 ? GetValue(0) : null;
    }

    private bool StopAfterOneRow => (_behavior & CommandBehavior.SingleRow) != 0 && _rowsRead >= 1;

    private async Task<bool> ReadSlowAsync(bool async, CancellationToken cancellationToken)
    {
        if (_state == ReaderState.Closed)
        {
            throw Closed();
        }

        if (_state != ReaderState.InResult || StopAfterOneRow)
        {
            _row = -1;
            DropBatch();
            return false;
        }

        while (true)
        {
            var next = await NextEventAsync(async, cancellationToken).ConfigureAwait(false);
            switch (next?.EventCase)
            {
                case ExecuteEvent.EventOneofCase.Batch:
                    if (next.Batch.RowCount == 0)
                    {
                        continue;
                    }

                    SetBatch(next.Batch);
                    _row = 0;
                    _rowsRead++;
                    return true;
                case ExecuteEvent.EventOneofCase.ResultSetEnd:
                    EndResult(next.ResultSetEnd);
                    return false;
                case ExecuteEvent.EventOneofCase.Progress:
                    continue;
                default:
                    _state = ReaderState.Done;
                    DropBatch();
                    return false;
            }
        }
    }

    internal async Task<bool> NextResultCoreAsync(bool async, CancellationToken cancellationToken)
    {
        if (_state == ReaderState.Closed)
        {
            throw Closed();
        }

        while (_state == ReaderState.InResult)
        {
            var next = await NextEventAsync(async, cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                _state = ReaderState.Done;
            }
            else if (next.EventCase == ExecuteEvent.EventOneofCase.ResultSetEnd)
            {
                EndResult(next.ResultSetEnd);
            }
        }

        DropBatch();
        _row = -1;
        // SingleRow implies a single result set, as in SqlClient and Npgsql.
        if (_state == ReaderState.Done || (_behavior & (CommandBehavior.SingleResult | CommandBehavior.SingleRow)) != 0)
        {
            _state = ReaderState.Done;
            _columns = [];
            _hasRows = false;
            return false;
        }

        return await AdvanceToResultAsync(async, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves to the next result set that has columns, adding up the rows changed by statements on the way.</summary>
    private async Task<bool> AdvanceToResultAsync(bool async, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = await NextEventAsync(async, cancellationToken).ConfigureAwait(false);
            switch (next?.EventCase)
            {
                case ExecuteEvent.EventOneofCase.ResultSetStart:
                    StartResult(next.ResultSetStart);
                    await PeekForRowsAsync(async, cancellationToken).ConfigureAwait(false);
                    return true;
                case ExecuteEvent.EventOneofCase.ResultSetEnd:
                    AddAffected(next.ResultSetEnd);
                    continue;
                case null:
                    _state = ReaderState.Done;
                    _columns = [];
                    _hasRows = false;
                    return false;
                default:
                    continue;
            }
        }
    }

    // HasRows must be known before the first Read: look at the events up to the first batch with rows or the end.
    private async Task PeekForRowsAsync(bool async, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = await NextEventAsync(async, cancellationToken).ConfigureAwait(false);
            if (next is { EventCase: ExecuteEvent.EventOneofCase.Batch, Batch.RowCount: 0 } or { EventCase: ExecuteEvent.EventOneofCase.Progress })
            {
                continue;
            }

            _hasRows = next is { EventCase: ExecuteEvent.EventOneofCase.Batch };
            _buffered = next;
            return;
        }
    }

    private ValueTask<ExecuteEvent?> NextEventAsync(bool async, CancellationToken cancellationToken)
    {
        if (_buffered is { } buffered)
        {
            _buffered = null;
            return new(buffered);
        }

        return _stream is null ? new((ExecuteEvent?)null) : ReceiveAsync(_stream, async, cancellationToken);
    }

    private async ValueTask<ExecuteEvent?> ReceiveAsync(ResultStream stream, bool async, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.NextAsync(async, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            _failure ??= error;
            _state = ReaderState.Done;
            DropBatch();
            throw;
        }
    }

    private void StartResult(ResultSetStart start)
    {
        _decoder = new ArrowIpcDecoder();
        var message = _decoder.Decode(start.ArrowSchema.Memory);
        var schema = message.Schema ?? throw new QuiverException("The server started a result set without an Arrow schema.", "08P01", QuiverErrorClass.Protocol);
        _schema = schema;
        _apacheSchema = null;
        _columns = schema.Fields.Select(ColumnReaders.Create).ToArray();
        _state = ReaderState.InResult;
        DropBatch();
        _row = -1;
        _resultSets++;
        _baseColumns = null;
    }

    private void SetBatch(ResultBatch batch)
    {
        DropBatch();
        var bytes = batch.ArrowMessages.Memory;
        ArrowRecordBatch? decoded = null;
        var dictionaries = false;
        while (!bytes.IsEmpty)
        {
            var message = _decoder!.Decode(bytes, out var consumed);
            bytes = bytes[consumed..];
            decoded = message.Batch ?? decoded;
            dictionaries |= message.Kind == ArrowIpcMessageKind.DictionaryBatch;
        }

        // The decoder keeps views into dictionary batches for the batches after them: such a payload stays out of the pool.
        _pooledBatch = dictionaries ? null : batch;

        _batch = decoded ?? throw new QuiverException("The server sent a result batch without a record batch.", "08P01", QuiverErrorClass.Protocol);
        _batchLength = _batch.Length;
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i].Bind(_batch.Column(i));
        }
    }

    // The record batch's values are views into its payload: the buffer goes back to the pool only once nothing reads them.
    private void DropBatch()
    {
        _batch = null;
        PooledBatches.Return(_pooledBatch);
        _pooledBatch = null;
    }

    private void EndResult(ResultSetEnd end)
    {
        AddAffected(end);
        _state = ReaderState.AfterResult;
        DropBatch();
        _row = -1;
    }

    private void AddAffected(ResultSetEnd end)
    {
        var rows = end.RowsAffected;
        _statementEnded?.Invoke((int)end.StatementIndex, rows);
        if (rows >= 0)
        {
            _recordsAffected = (_recordsAffected < 0 ? 0 : _recordsAffected) + (int)Math.Min(rows, int.MaxValue);
        }
    }

    private async Task CloseCoreAsync(bool async)
    {
        if (_state == ReaderState.Closed)
        {
            return;
        }

        var endedCleanly = _stream?.EndedCleanly ?? true;
        _state = ReaderState.Closed;
        DropBatch();
        _buffered = null;
        try
        {
            if (_stream is not null)
            {
                // Dispose resets an unfinished call: the server interrupts the query instead of sending the rest.
                if (async)
                {
                    await _stream.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    _stream.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            }
        }
        finally
        {
            _running?.Invoke(null);
            _connection.ReaderClosed(this, stoppedEarly: !endedCleanly, _failure);
            if (_stream is not null)
            {
                _connection.Source.Telemetry.EndCommand(_activity, _started, _rowsRead, _stream.BytesReceived, _failure);
            }

            if ((_behavior & CommandBehavior.CloseConnection) != 0)
            {
                if (async)
                {
                    await _connection.CloseAsync().ConfigureAwait(false);
                }
                else
                {
                    _connection.Close();
                }
            }
        }
    }

    private static InvalidOperationException Closed() => new("The data reader is closed.");
}
