using Apache.Arrow;
using Quiver.Data.Arrow;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;
using ArrowSchema = Quiver.Arrow.ArrowSchema;

namespace Quiver.Data;

// Results as Apache.Arrow record batches: views over the received batches, validated by Quiver.Arrow first.
public sealed partial class QuiverDataReader
{
    private ArrowSchema? _schema;
    private Schema? _apacheSchema;

    /// <summary>The current result set's columns as an Apache.Arrow <see cref="Schema"/> (no fields without a result set).</summary>
    public Schema GetArrowSchema()
    {
        if (_state == ReaderState.Closed)
        {
            throw Closed();
        }

        return _columns.Length == 0 || _schema is null ? new Schema([], null) : _apacheSchema ??= ApacheArrowViews.Schema(_schema);
    }

    /// <summary>
    /// The current result set's next rows as an Apache.Arrow <see cref="RecordBatch"/>, or null once the result set has
    /// no more. Each batch is the server's batch as it arrived, not a copy: its buffers are the received message's
    /// memory, checked by Quiver's Arrow reader before Apache.Arrow sees it. Rows <see cref="Read"/> has already returned
    /// are left out, and <see cref="Read"/> continues after the rows a batch took. Dispose the batch when done: that
    /// gives its memory back to the pool; a batch never disposed is left to the garbage collector. A batch stays valid
    /// after the reader moves on or closes.
    /// </summary>
    public async ValueTask<RecordBatch?> ReadArrowBatchAsync(CancellationToken cancellationToken = default)
    {
        if (_state == ReaderState.Closed)
        {
            throw Closed();
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_batch is not null && _row + 1 < _batchLength)
        {
            return TakeBatch(_row + 1);
        }

        while (_state == ReaderState.InResult && !StopAfterOneRow)
        {
            var next = await NextEventAsync(async: true, cancellationToken).ConfigureAwait(false);
            switch (next?.EventCase)
            {
                case ExecuteEvent.EventOneofCase.Batch when next.Batch.RowCount > 0:
                    SetBatch(next.Batch);
                    return TakeBatch(0);
                case ExecuteEvent.EventOneofCase.Batch or ExecuteEvent.EventOneofCase.Progress:
                    continue;
                case ExecuteEvent.EventOneofCase.ResultSetEnd:
                    EndResult(next.ResultSetEnd);
                    return null;
                default:
                    _state = ReaderState.Done;
                    DropBatch();
                    return null;
            }
        }

        return null;
    }

    // The current batch from row `offset` on becomes a record batch that owns its payload; the reader lets go of it.
    private RecordBatch TakeBatch(int offset)
    {
        var schema = GetArrowSchema();
        var length = _batchLength - offset;
        var columns = ApacheArrowViews.Columns(_batch!, schema, offset, length);
        var owned = new OwnedRecordBatch(schema, columns, length, _pooledBatch);
        _pooledBatch = null;
        _batch = null;
        _batchLength = 0;
        _row = -1;
        _rowsRead += length;
        return owned;
    }

    /// <summary>A record batch over a received payload, which goes back to the pool when the batch is disposed.</summary>
    private sealed class OwnedRecordBatch(Schema schema, List<IArrowArray> columns, int length, ResultBatch? payload)
        : RecordBatch(schema, columns, length)
    {
        private ResultBatch? _payload = payload;

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                PooledBatches.Return(Interlocked.Exchange(ref _payload, null));
            }
        }
    }
}
