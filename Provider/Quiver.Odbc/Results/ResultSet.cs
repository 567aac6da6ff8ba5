using Apache.Arrow;
using Quiver.Data;

namespace Quiver.Odbc.Results;

/// <summary>
/// The open cursor of a statement: the reader's current result set, read as the server's Arrow record batches, one
/// batch held at a time. Rows are never materialised: a fetch converts straight from the batch into the
/// application's buffers, a run of rows of one batch at a time (<see cref="Available"/>, <see cref="Take"/>).
/// </summary>
internal sealed class ResultSet : IDisposable
{
    private readonly QuiverDataReader _reader;
    private RecordBatch? _batch;
    private ColumnCells[] _cells = [];
    private int _next;
    private int _current = -1;
    private long _returned;

    public ResultSet(QuiverDataReader reader, IReadOnlyList<ColumnInfo> columns, long maxRows)
    {
        _reader = reader;
        Columns = columns;
        MaxRows = maxRows;
    }

    public IReadOnlyList<ColumnInfo> Columns { get; }

    public long MaxRows { get; }

    /// <summary>Whether a row is current (the last row a fetch returned, until a fetch finds no more).</summary>
    public bool OnRow => _batch is not null && _current >= 0;

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

    /// <summary>
    /// Rows not yet fetched in the current batch (reading the next batch from the server when this one is done), at
    /// most <paramref name="wanted"/>; 0 at the end of the result set or at SQL_ATTR_MAX_ROWS.
    /// </summary>
    public int Available(int wanted)
    {
        if (MaxRows > 0)
        {
            wanted = (int)Math.Min(wanted, MaxRows - _returned);
        }

        if (wanted <= 0)
        {
            End();
            return 0;
        }

        while (_batch is null || _next >= _batch.Length)
        {
            _batch?.Dispose();
            _batch = null;
            _current = -1;
            if (_reader.ReadArrowBatchAsync().AsTask().GetAwaiter().GetResult() is not { } next)
            {
                return 0;
            }

            _batch = next;
            _next = 0;
            _cells = new ColumnCells[next.ColumnCount];
            for (var i = 0; i < _cells.Length; i++)
            {
                _cells[i] = ColumnCells.For(next.Column(i));
            }
        }

        return Math.Min(wanted, _batch.Length - _next);
    }

    /// <summary>The first row of the run <see cref="Available"/> offered, as an index into the current batch.</summary>
    public int First => _next;

    /// <summary>The current batch's column (valid until the next <see cref="Available"/>).</summary>
    public IArrowArray Array(int ordinal) => _batch!.Column(ordinal);

    public ColumnCells Cells(int ordinal) => _cells[ordinal];

    /// <summary>Marks <paramref name="count"/> rows as fetched; the last of them becomes the current row.</summary>
    public void Take(int count)
    {
        _next += count;
        _current = _next - 1;
        _returned += count;
    }

    /// <summary>The current row's value of column <paramref name="ordinal"/> (0-based).</summary>
    public Cell Get(int ordinal) => OnRow ? _cells[ordinal].Get(_current) : throw new OdbcException("24000", "Invalid cursor state: no row is current (call SQLFetch first).");

    /// <summary>After a fetch that found no more rows: nothing is current.</summary>
    public void NoRow() => _current = -1;

    private void End()
    {
        _batch?.Dispose();
        _batch = null;
        _current = -1;
    }

    public void Dispose() => End();
}
