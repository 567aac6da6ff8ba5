using Quiver.DuckDb.Native;

namespace Quiver.DuckDb;

/// <summary>
/// The result of one statement: its columns, and its rows fetched chunk by chunk. A streaming result keeps the
/// connection busy until it is disposed.
/// </summary>
public sealed class DuckDbResult : IDisposable
{
    private readonly ResultHandle _handle;
    private readonly DuckDbLogicalType?[] _columnTypes;

    internal unsafe DuckDbResult(ResultHandle handle)
    {
        _handle = handle;
        ColumnCount = checked((int)NativeMethods.Result.ColumnCount(handle.Pointer));
        _columnTypes = new DuckDbLogicalType?[ColumnCount];
        IsStreaming = NativeMethods.Result.IsStreaming(*handle.Pointer);
        ReturnType = (DuckDbResultType)NativeMethods.Result.ReturnType(*handle.Pointer);
        StatementType = (DuckDbStatementType)NativeMethods.Result.StatementType(*handle.Pointer);
        RowsChanged = checked((long)NativeMethods.Result.RowsChanged(handle.Pointer));
    }

    /// <summary>How many columns each row has.</summary>
    public int ColumnCount { get; }

    /// <summary>True when rows are produced as they are fetched rather than held in memory.</summary>
    public bool IsStreaming { get; }

    /// <summary>What the result holds: rows, a changed-row count, or nothing.</summary>
    public DuckDbResultType ReturnType { get; }

    /// <summary>The kind of statement that produced the result.</summary>
    public DuckDbStatementType StatementType { get; }

    /// <summary>Rows inserted, updated or deleted (0 for other statements).</summary>
    public long RowsChanged { get; }

    /// <summary>The name of column <paramref name="column"/> (0-based).</summary>
    public unsafe string GetColumnName(int column)
        => NativeString.Borrow(NativeMethods.Result.ColumnName(Pointer, CheckColumn(column))) ?? string.Empty;

    /// <summary>The type of column <paramref name="column"/> (0-based).</summary>
    public unsafe DuckDbLogicalType GetColumnType(int column)
        => _columnTypes[CheckColumn(column)] ??= DuckDbLogicalType.FromOwned(NativeMethods.Result.ColumnLogicalType(Pointer, (ulong)column));

    /// <summary>
    /// The next chunk of rows (up to DuckDB's vector size, 2048), or null when the result is exhausted.
    /// Dispose each chunk before fetching too many: each holds its rows in native memory.
    /// </summary>
    /// <exception cref="DuckDbException">Execution failed while producing the chunk (an interrupt, a conversion error, ...).</exception>
    public unsafe DuckDbDataChunk? FetchChunk()
    {
        var chunk = NativeMethods.Result.FetchChunk(*Pointer);
        if (chunk == nint.Zero)
        {
            if (NativeMethods.Result.Error(Pointer) != nint.Zero)
            {
                throw ErrorOf(_handle);
            }

            return null;
        }

        return new DuckDbDataChunk(new DataChunkHandle(chunk, _handle));
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    internal static unsafe DuckDbException ErrorOf(ResultHandle result)
    {
        var message = NativeString.Borrow(NativeMethods.Result.Error(result.Pointer)) ?? "DuckDB reported an error without a message";
        return new DuckDbException((DuckDbErrorType)NativeMethods.Result.ErrorType(result.Pointer), message);
    }

    private unsafe NativeResult* Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.Pointer;
        }
    }

    private ulong CheckColumn(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, ColumnCount);
        return (ulong)column;
    }
}
