using System.Runtime.InteropServices;

namespace Quiver.DuckDb.Native;

/// <summary>
/// Base of every DuckDB handle. A handle that depends on another (a connection on its database, a statement
/// on its connection) holds a reference on that parent, so the parent is released only after it: disposing a
/// database while a connection is still open can never leave the connection pointing at freed memory.
/// </summary>
internal abstract class DuckDbSafeHandle : SafeHandle
{
    private SafeHandle? _parent;

    protected DuckDbSafeHandle() : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>Takes ownership of <paramref name="native"/>, keeping <paramref name="parent"/> alive until released.</summary>
    protected void Initialize(nint native, SafeHandle? parent)
    {
        // SafeHandle never calls ReleaseHandle for an invalid (null) handle, so only a real one may hold its parent.
        if (parent is not null && native != nint.Zero)
        {
            var added = false;
            parent.DangerousAddRef(ref added);
            _parent = parent;
        }

        SetHandle(native);
    }

    protected sealed override bool ReleaseHandle()
    {
        Free(handle);
        _parent?.DangerousRelease();
        _parent = null;
        return true;
    }

    protected abstract void Free(nint native);
}

internal sealed class DatabaseHandle : DuckDbSafeHandle
{
    public DatabaseHandle(nint native) => Initialize(native, parent: null);

    protected override unsafe void Free(nint native) => NativeMethods.Database.Close(&native);
}

internal sealed class ConnectionHandle : DuckDbSafeHandle
{
    public ConnectionHandle(nint native, DatabaseHandle database) => Initialize(native, database);

    protected override unsafe void Free(nint native) => NativeMethods.Connection.Disconnect(&native);
}

internal sealed class PreparedStatementHandle : DuckDbSafeHandle
{
    public PreparedStatementHandle(nint native, ConnectionHandle connection) => Initialize(native, connection);

    protected override unsafe void Free(nint native) => NativeMethods.Prepared.Destroy(&native);
}

internal sealed class ExtractedStatementsHandle : DuckDbSafeHandle
{
    public ExtractedStatementsHandle(nint native, ConnectionHandle connection) => Initialize(native, connection);

    protected override unsafe void Free(nint native) => NativeMethods.Extracted.Destroy(&native);
}

internal sealed class DataChunkHandle : DuckDbSafeHandle
{
    public DataChunkHandle(nint native, SafeHandle result) => Initialize(native, result);

    protected override unsafe void Free(nint native) => NativeMethods.Chunk.Destroy(&native);
}

internal sealed class LogicalTypeHandle : DuckDbSafeHandle
{
    public LogicalTypeHandle(nint native) => Initialize(native, parent: null);

    protected override unsafe void Free(nint native) => NativeMethods.LogicalType.Destroy(&native);
}

internal sealed class ValueHandle : DuckDbSafeHandle
{
    public ValueHandle(nint native) => Initialize(native, parent: null);

    protected override unsafe void Free(nint native) => NativeMethods.Value.Destroy(&native);
}

internal sealed class ConfigHandle : DuckDbSafeHandle
{
    public ConfigHandle(nint native) => Initialize(native, parent: null);

    protected override unsafe void Free(nint native) => NativeMethods.Config.Destroy(&native);
}

/// <summary>
/// A <c>duckdb_result</c> lives in native memory we allocate: DuckDB fills it in place and must destroy it in
/// place, even when execution failed.
/// </summary>
internal sealed unsafe class ResultHandle : DuckDbSafeHandle
{
    public ResultHandle(ConnectionHandle connection)
        => Initialize((nint)NativeMemory.AllocZeroed((nuint)sizeof(NativeResult)), connection);

    public NativeResult* Pointer => (NativeResult*)handle;

    protected override void Free(nint native)
    {
        NativeMethods.Result.Destroy((NativeResult*)native);
        NativeMemory.Free((void*)native);
    }
}

internal sealed class AppenderHandle : DuckDbSafeHandle
{
    public AppenderHandle(nint native, ConnectionHandle connection) => Initialize(native, connection);

    protected override unsafe void Free(nint native) => NativeMethods.Appender.Destroy(&native);
}
