using System.Buffers;
using Quiver.Arrow;
using Quiver.DuckDb;

namespace Quiver.Server.Results;

/// <summary>
/// Turns a streaming DuckDB result into encoded Arrow record batches of about <c>targetBytes</c>, never more than
/// <c>maxBytes</c>. At most one batch is held at a time: the caller sends it before asking for the next, so the
/// memory an operation holds does not grow with the result.
/// </summary>
internal sealed class ResultBatcher : IDisposable
{
    private readonly DuckDbResult _result;
    private readonly ColumnCopier[] _columns;
    private readonly ArrowRecordBatchBuilder _builder;
    private readonly ArrowIpcEncoder _encoder;
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly long _targetBytes;
    private readonly long _maxBodyBytes;
    private readonly long _rowLimit;
    private DuckDbDataChunk? _chunk;
    private int _chunkPosition;
    private long _builderBytes;
    private bool _finished;

    /// <param name="result">The result to read; the batcher does not dispose it.</param>
    /// <param name="targetBytes">Preferred size of a batch.</param>
    /// <param name="maxBytes">The largest encoded batch allowed (the transport's message limit minus envelope).</param>
    /// <param name="rowLimit">Stop after this many rows (0: no limit).</param>
    /// <exception cref="NotSupportedException">A column's type cannot be sent.</exception>
    public ResultBatcher(DuckDbResult result, long targetBytes, long maxBytes, ulong rowLimit)
    {
        _result = result;
        long dictionaryId = 0;
        _columns = new ColumnCopier[result.ColumnCount];
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i] = ColumnCopier.For(result.GetColumnName(i), result.GetColumnType(i), ref dictionaryId);
        }

        Schema = new ArrowSchema([.. _columns.Select(c => c.Field)]);
        _builder = new ArrowRecordBatchBuilder(Schema);
        _encoder = new ArrowIpcEncoder(Schema);
        // Room for the batch's flatbuffer header (a few dozen bytes per column and buffer) and 8-byte padding.
        _maxBodyBytes = maxBytes - 4096 - (256L * CountFields(Schema.Fields));
        _targetBytes = Math.Clamp(targetBytes, 1, _maxBodyBytes);
        _rowLimit = rowLimit == 0 ? long.MaxValue : (long)Math.Min(rowLimit, long.MaxValue);
    }

    public ArrowSchema Schema { get; }

    /// <summary>Rows put into batches so far.</summary>
    public long RowsProduced { get; private set; }

    /// <summary>True when the row limit stopped the result before its end.</summary>
    public bool Truncated { get; private set; }

    /// <summary>The largest number of bytes held at once: the rows being gathered plus the encoded batch.</summary>
    public long HighWaterBytes { get; private set; }

    /// <summary>The encoded schema message.</summary>
    public ReadOnlyMemory<byte> EncodeSchema()
    {
        _output.ResetWrittenCount();
        _encoder.WriteSchema(_output);
        return _output.WrittenMemory;
    }

    /// <summary>
    /// Reads chunks until a batch is full and returns it encoded (valid until the next call), or false at the end.
    /// Blocks while DuckDB computes.
    /// </summary>
    /// <summary>True once the result is exhausted (or the row limit reached): the batch just returned was the last.</summary>
    public bool Finished => _finished;

    public bool TryNext(out ReadOnlyMemory<byte> messages, out int rowCount, out long rowOffset)
    {
        messages = default;
        rowCount = 0;
        rowOffset = RowsProduced;
        while (!_finished)
        {
            if (RowsProduced + _builder.Length >= _rowLimit)
            {
                Truncated = HasMoreRows();
                Finish();
                break;
            }

            if (_chunk is null)
            {
                _chunk = _result.FetchChunk();
                _chunkPosition = 0;
                if (_chunk is null)
                {
                    Finish();
                    break;
                }
            }

            var rows = (int)Math.Min(_chunk.RowCount - _chunkPosition, _rowLimit - RowsProduced - _builder.Length);
            var bytes = Measure(_chunkPosition, rows);
            if (_builderBytes + bytes > _targetBytes)
            {
                if (_builder.Length > 0)
                {
                    return Emit(out messages, out rowCount);
                }

                // Even alone the rest of this chunk is too big: take fewer rows.
                while (rows > 1 && bytes > _targetBytes)
                {
                    rows /= 2;
                    bytes = Measure(_chunkPosition, rows);
                }

                if (bytes > _maxBodyBytes)
                {
                    throw new ResultTooLargeException(
                        $"Row {RowsProduced + 1} needs about {bytes} bytes, more than the {_maxBodyBytes} bytes a message may carry.");
                }
            }

            Append(rows, bytes);
            if (_builderBytes >= _targetBytes)
            {
                return Emit(out messages, out rowCount);
            }
        }

        return _builder.Length > 0 && Emit(out messages, out rowCount);
    }

    public void Dispose()
    {
        _chunk?.Dispose();
        _chunk = null;
        _builder.Dispose();
    }

    private void Append(int rows, long bytes)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i].Append(_chunk!.GetVector(i), _chunkPosition, rows, _builder.Columns[i]);
        }

        _builderBytes += bytes;
        _chunkPosition += rows;
        if (_chunkPosition == _chunk!.RowCount)
        {
            _chunk.Dispose();
            _chunk = null;
        }
    }

    private long Measure(int start, int rows)
    {
        long bytes = 0;
        for (var i = 0; i < _columns.Length; i++)
        {
            bytes += _columns[i].Measure(_chunk!.GetVector(i), start, rows);
        }

        return bytes;
    }

    private bool Emit(out ReadOnlyMemory<byte> messages, out int rowCount)
    {
        using var batch = _builder.Build();
        _output.ResetWrittenCount();
        _encoder.WriteBatch(batch, _output);
        HighWaterBytes = Math.Max(HighWaterBytes, _builderBytes + _output.WrittenCount);
        rowCount = batch.Length;
        RowsProduced += rowCount;
        _builderBytes = 0;
        messages = _output.WrittenMemory;
        return true;
    }

    private void Finish()
    {
        _finished = true;
        _chunk?.Dispose();
        _chunk = null;
    }

    private bool HasMoreRows()
    {
        if (_chunk is not null)
        {
            return true;
        }

        using var next = _result.FetchChunk();
        return next is not null;
    }

    private static int CountFields(IReadOnlyList<ArrowField> fields)
        => fields.Sum(f => 1 + CountFields(f.Type.Children));
}

/// <summary>A single row does not fit in one message.</summary>
internal sealed class ResultTooLargeException(string message) : Exception(message);
