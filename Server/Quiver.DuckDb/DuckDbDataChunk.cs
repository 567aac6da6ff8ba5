using Quiver.DuckDb.Native;

namespace Quiver.DuckDb;

/// <summary>A chunk of result rows in DuckDB's columnar layout: one vector per column.</summary>
public sealed class DuckDbDataChunk : IDisposable
{
    private readonly DataChunkHandle _handle;

    internal DuckDbDataChunk(DataChunkHandle handle)
    {
        _handle = handle;
        RowCount = checked((int)NativeMethods.Chunk.Size(handle.DangerousGetHandle()));
        ColumnCount = checked((int)NativeMethods.Chunk.ColumnCount(handle.DangerousGetHandle()));
    }

    /// <summary>Rows in this chunk.</summary>
    public int RowCount { get; }

    /// <summary>Columns in this chunk.</summary>
    public int ColumnCount { get; }

    /// <summary>The vector of column <paramref name="column"/>; valid until this chunk is disposed.</summary>
    public DuckDbVector GetVector(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, ColumnCount);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return new DuckDbVector(NativeMethods.Chunk.Vector(_handle.DangerousGetHandle(), (ulong)column), RowCount);
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();
}
