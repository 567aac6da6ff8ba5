using Quiver.DuckDb.Native;

namespace Quiver.DuckDb;

/// <summary>
/// One DuckDB connection: its own transaction, temporary tables and views, and session-scoped settings.
/// Use it from one thread at a time; only <see cref="Interrupt"/> and <see cref="Progress"/> may be called from
/// another thread while a statement runs.
/// </summary>
public sealed class DuckDbConnection : IDisposable
{
    internal DuckDbConnection(ConnectionHandle handle) => Handle = handle;

    internal ConnectionHandle Handle { get; }

    /// <summary>DuckDB's number for this connection, unique within the process; a table function learns its caller's.</summary>
    public unsafe ulong ConnectionId
    {
        get
        {
            ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
            NativeMethods.ClientContext.OfConnection(Handle.DangerousGetHandle(), out var context);
            var id = NativeMethods.ClientContext.ConnectionId(context);
            NativeMethods.ClientContext.Destroy(&context);
            return id;
        }
    }

    /// <summary>Adds <paramref name="function"/> to this connection's database (every connection of it can call it).</summary>
    /// <exception cref="DuckDbException">DuckDB refused it (the name is taken).</exception>
    public void Register(DuckDbTableFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        function.RegisterOn(Handle);
    }

    /// <summary>Parses, binds and plans one statement.</summary>
    /// <exception cref="DuckDbException">The statement is invalid (syntax, unknown table, permission, ...).</exception>
    public DuckDbPreparedStatement Prepare(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        NativeMethods.Prepared.Prepare(Handle.DangerousGetHandle(), sql, out var native);
        return DuckDbPreparedStatement.TakeOwnership(native, Handle);
    }

    /// <summary>
    /// Splits SQL text into its statements without planning them, so that each can be prepared only when the
    /// ones before it have run (a later statement may use a table an earlier one creates).
    /// </summary>
    /// <exception cref="DuckDbException">The text does not parse.</exception>
    public DuckDbExtractedStatements ExtractStatements(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        var count = NativeMethods.Extracted.Extract(Handle.DangerousGetHandle(), sql, out var native);
        var extracted = new ExtractedStatementsHandle(native, Handle);
        if (count == 0)
        {
            using (extracted)
            {
                var error = NativeString.Borrow(NativeMethods.Extracted.Error(native));
                throw error is null
                    ? new DuckDbException(DuckDbErrorType.Parser, "The SQL text contains no statement.")
                    : DuckDbException.FromMessage(error);
            }
        }

        return new DuckDbExtractedStatements(extracted, Handle, checked((int)count));
    }

    /// <summary>Runs every statement in the text in order and returns the total number of rows changed.</summary>
    public long Execute(string sql)
    {
        using var statements = ExtractStatements(sql);
        long changed = 0;
        for (var i = 0; i < statements.Count; i++)
        {
            using var statement = statements.Prepare(i);
            using var result = statement.Execute();
            changed += result.RowsChanged;
        }

        return changed;
    }

    /// <summary>
    /// Asks the running statement to stop. It then fails with <see cref="DuckDbErrorType.Interrupt"/>, and the
    /// connection stays usable. Safe to call from any thread, and a no-op when nothing runs.
    /// </summary>
    public void Interrupt()
    {
        var added = false;
        try
        {
            Handle.DangerousAddRef(ref added);
            NativeMethods.Connection.Interrupt(Handle.DangerousGetHandle());
        }
        catch (ObjectDisposedException)
        {
            // Closed already: nothing is running.
        }
        finally
        {
            if (added)
            {
                Handle.DangerousRelease();
            }
        }
    }

    /// <summary>Progress of the running statement, or null when DuckDB has no estimate.</summary>
    public DuckDbQueryProgress? Progress
    {
        get
        {
            var added = false;
            try
            {
                Handle.DangerousAddRef(ref added);
                var progress = NativeMethods.Connection.Progress(Handle.DangerousGetHandle());
                return progress.Percentage < 0
                    ? null
                    : new DuckDbQueryProgress(progress.Percentage, progress.RowsProcessed, progress.TotalRowsToProcess);
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            finally
            {
                if (added)
                {
                    Handle.DangerousRelease();
                }
            }
        }
    }

    /// <summary>Closes the connection, rolling back an open transaction.</summary>
    public void Dispose() => Handle.Dispose();
}

/// <summary>DuckDB's progress estimate for a running statement.</summary>
/// <param name="Percentage">0 to 100.</param>
/// <param name="RowsProcessed">Rows processed so far.</param>
/// <param name="TotalRowsToProcess">Rows expected in total.</param>
public readonly record struct DuckDbQueryProgress(double Percentage, ulong RowsProcessed, ulong TotalRowsToProcess);
