using Apache.Arrow;
using Quiver.Data;

namespace Quiver.Odbc.Results;

/// <summary>
/// The open cursor of a statement: the reader's current result set, read as the server's Arrow record batches, one
/// batch held at a time, with the current row in it. Rows are never materialised: a fetch converts straight from the
/// batch into the application's buffers.
/// </summary>
internal sealed class ResultSet : IDisposable
{
    private readonly QuiverDataReader _reader;
    private RecordBatch? _batch;
    private ColumnCells[] _cells = [];
    private int _row = -1;
    private long _returned;

    public ResultSet(QuiverDataReader reader, IReadOnlyList<ColumnInfo> columns, long maxRows)
    {
        _reader = reader;
        Columns = columns;
        MaxRows = maxRows;
    }

    public IReadOnlyList<ColumnInfo> Columns { get; }

    public long MaxRows { get; }

    /// <summary>Whether a row is current (a fetch returned it and no fetch went past the end since).</summary>
    public bool OnRow => _batch is not null && _row >= 0 && _row < _batch.Length;

    public bool Ended { get; private set; }

    public static IReadOnlyList<ColumnInfo> Describe(QuiverDataReader reader)
    {
        if (reader.FieldCount == 0)
        {
            return [];
        }

        var schema = reader.GetArrowSchema();
        var columns = reader.GetColumnSchema();
        var infos = new ColumnInfo[reader.FieldCount];
        for (var i = 0; i < infos.Length; i++)
        {
            infos[i] = ColumnInfo.From(reader.GetName(i), reader.GetDataTypeName(i), schema.FieldsList[i].DataType, (QuiverDbColumn)columns[i]);
        }

        return infos;
    }

    /// <summary>Moves to the next row; false at the end of the result set (or at SQL_ATTR_MAX_ROWS).</summary>
    public bool MoveNext()
    {
        if (Ended)
        {
            return false;
        }

        if (MaxRows > 0 && _returned >= MaxRows)
        {
            End();
            return false;
        }

        if (_batch is not null && _row + 1 < _batch.Length)
        {
            _row++;
            _returned++;
            return true;
        }

        _batch?.Dispose();
        _batch = null;
        while (_reader.ReadArrowBatchAsync().AsTask().GetAwaiter().GetResult() is { } next)
        {
            if (next.Length == 0)
            {
                next.Dispose();
                continue;
            }

            _batch = next;
            _cells = new ColumnCells[next.ColumnCount];
            for (var i = 0; i < _cells.Length; i++)
            {
                _cells[i] = ColumnCells.For(next.Column(i));
            }

            _row = 0;
            _returned++;
            return true;
        }

        End();
        return false;
    }

    /// <summary>The current row's value of column <paramref name="ordinal"/> (0-based).</summary>
    public Cell Get(int ordinal) => OnRow ? _cells[ordinal].Get(_row) : throw new OdbcException("24000", "Invalid cursor state: no row is current (call SQLFetch first).");

    private void End()
    {
        Ended = true;
        _batch?.Dispose();
        _batch = null;
        _row = -1;
    }

    public void Dispose() => End();
}
