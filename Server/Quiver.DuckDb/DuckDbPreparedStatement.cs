using Quiver.DuckDb.Native;

namespace Quiver.DuckDb;

/// <summary>
/// A parsed, bound and planned statement. Parameters are numbered from 1, as <c>$1</c> in SQL; result columns
/// from 0. Binding methods are in <c>DuckDbPreparedStatement.Bind.cs</c>.
/// </summary>
public sealed partial class DuckDbPreparedStatement : IDisposable
{
    private readonly PreparedStatementHandle _handle;
    private readonly ConnectionHandle _connection;

    private DuckDbPreparedStatement(PreparedStatementHandle handle, ConnectionHandle connection)
    {
        _handle = handle;
        _connection = connection;
        ParameterCount = checked((int)NativeMethods.Prepared.ParameterCount(handle.DangerousGetHandle()));
        ColumnCount = checked((int)NativeMethods.Prepared.ColumnCount(handle.DangerousGetHandle()));
    }

    internal static DuckDbPreparedStatement TakeOwnership(nint native, ConnectionHandle connection)
    {
        var handle = new PreparedStatementHandle(native, connection);
        var error = NativeMethods.Prepared.Error(native);
        if (error != nint.Zero || native == nint.Zero)
        {
            using (handle)
            {
                throw DuckDbException.FromMessage(NativeString.Borrow(error));
            }
        }

        return new DuckDbPreparedStatement(handle, connection);
    }

    private nint Native
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    /// <summary>The kind of statement, known before it runs: what the server classifies statements by.</summary>
    public DuckDbStatementType StatementType => (DuckDbStatementType)NativeMethods.Prepared.StatementType(Native);

    /// <summary>How many parameters the statement takes.</summary>
    public int ParameterCount { get; }

    /// <summary>The name of parameter <paramref name="parameter"/> (1-based): <c>"1"</c> for <c>$1</c>, <c>"id"</c> for <c>$id</c>.</summary>
    public string GetParameterName(int parameter)
        => NativeString.Take(NativeMethods.Prepared.ParameterName(Native, CheckParameter(parameter))) ?? string.Empty;

    /// <summary>
    /// The type DuckDB inferred for parameter <paramref name="parameter"/> (1-based); <see cref="DuckDbType.Invalid"/>
    /// when the statement leaves it open (<c>SELECT $1</c>).
    /// </summary>
    public DuckDbLogicalType GetParameterType(int parameter)
        => DuckDbLogicalType.FromOwned(NativeMethods.Prepared.ParameterLogicalType(Native, CheckParameter(parameter)));

    /// <summary>The 1-based index of the named parameter <c>$name</c>.</summary>
    /// <exception cref="ArgumentException">The statement has no parameter of that name.</exception>
    public int GetParameterIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (NativeMethods.Prepared.ParameterIndex(Native, out var index, name) != NativeMethods.Success)
        {
            throw new ArgumentException($"The statement has no parameter named '{name}'.", nameof(name));
        }

        return checked((int)index);
    }

    /// <summary>How many columns the statement's result has (0 for statements that return none).</summary>
    public int ColumnCount { get; }

    /// <summary>The name of result column <paramref name="column"/> (0-based).</summary>
    public string GetColumnName(int column)
        => NativeString.Take(NativeMethods.Prepared.ColumnName(Native, CheckColumn(column))) ?? string.Empty;

    /// <summary>The type of result column <paramref name="column"/> (0-based).</summary>
    public DuckDbLogicalType GetColumnType(int column)
        => DuckDbLogicalType.FromOwned(NativeMethods.Prepared.ColumnLogicalType(Native, CheckColumn(column)));

    /// <summary>Forgets every bound value.</summary>
    public void ClearBindings() => NativeMethods.Prepared.ClearBindings(Native);

    /// <summary>
    /// Runs the statement and returns a streaming result: rows are produced as chunks are fetched, never
    /// materialised whole. The connection runs nothing else until the result is disposed.
    /// </summary>
    /// <exception cref="DuckDbException">Execution failed, for example on <see cref="DuckDbConnection.Interrupt"/>.</exception>
    public DuckDbResult ExecuteStreaming() => Run(streaming: true);

    /// <summary>Runs the statement to completion and returns its materialised result.</summary>
    /// <exception cref="DuckDbException">Execution failed.</exception>
    public DuckDbResult Execute() => Run(streaming: false);

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    private unsafe DuckDbResult Run(bool streaming)
    {
        var native = Native;
        var result = new ResultHandle(_connection);
        var state = streaming
            ? NativeMethods.Prepared.ExecuteStreaming(native, result.Pointer)
            : NativeMethods.Prepared.Execute(native, result.Pointer);
        if (state != NativeMethods.Success)
        {
            using (result)
            {
                throw DuckDbResult.ErrorOf(result);
            }
        }

        return new DuckDbResult(result);
    }

    private ulong CheckParameter(int parameter)
    {
        if (parameter < 1 || parameter > ParameterCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(parameter), parameter, $"Parameters are numbered 1 to {ParameterCount}.");
        }

        return (ulong)parameter;
    }

    private ulong CheckColumn(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, ColumnCount);
        return (ulong)column;
    }
}
