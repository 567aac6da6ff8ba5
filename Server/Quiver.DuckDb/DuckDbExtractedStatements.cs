using Quiver.DuckDb.Native;

namespace Quiver.DuckDb;

/// <summary>The statements of a SQL text, parsed but not yet planned.</summary>
public sealed class DuckDbExtractedStatements : IDisposable
{
    private readonly ExtractedStatementsHandle _handle;
    private readonly ConnectionHandle _connection;

    internal DuckDbExtractedStatements(ExtractedStatementsHandle handle, ConnectionHandle connection, int count)
    {
        _handle = handle;
        _connection = connection;
        Count = count;
    }

    /// <summary>How many statements the text holds.</summary>
    public int Count { get; }

    /// <summary>Binds and plans statement <paramref name="index"/> (0-based) against the current catalog.</summary>
    public DuckDbPreparedStatement Prepare(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        NativeMethods.Extracted.Prepare(
            _connection.DangerousGetHandle(), _handle.DangerousGetHandle(), (ulong)index, out var native);
        return DuckDbPreparedStatement.TakeOwnership(native, _connection);
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();
}
