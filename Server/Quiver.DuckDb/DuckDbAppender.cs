using System.Text;
using Quiver.DuckDb.Native;

namespace Quiver.DuckDb;

/// <summary>
/// DuckDB's appender: rows written value by value into one table, in the connection's transaction, without SQL per
/// row. Values go in column order; <see cref="EndRow"/> closes each row; <see cref="Close"/> flushes what is left.
/// A value of the wrong type is cast by DuckDB or refused with a <see cref="DuckDbException"/>.
/// </summary>
public sealed unsafe class DuckDbAppender : IDisposable
{
    private readonly AppenderHandle _handle;

    private DuckDbAppender(AppenderHandle handle) => _handle = handle;

    /// <summary>The table's column count.</summary>
    public int ColumnCount => checked((int)NativeMethods.Appender.ColumnCount(Native));

    // A disposed appender's native object is freed: every call checks first, or DuckDB would read freed memory.
    private nint Native
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    /// <exception cref="DuckDbException">The table does not exist.</exception>
    public static DuckDbAppender Create(DuckDbConnection connection, string? catalog, string? schema, string table)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ObjectDisposedException.ThrowIf(connection.Handle.IsClosed, connection);
        var state = NativeMethods.Appender.Create(connection.Handle.DangerousGetHandle(), catalog, schema, table, out var native);
        var handle = new AppenderHandle(native, connection.Handle);
        if (state != NativeMethods.Success)
        {
            var error = native == nint.Zero ? null : NativeString.Borrow(NativeMethods.Appender.Error(native));
            handle.Dispose();
            throw DuckDbException.FromMessage(error ?? $"Table '{table}' cannot be appended to.");
        }

        return new DuckDbAppender(handle);
    }

    /// <summary>Appends NULL to the current column.</summary>
    public void AppendNull() => Check(NativeMethods.Appender.Null(Native));

    /// <summary>Appends a value to the current column.</summary>
    public void Append(bool value) => Check(NativeMethods.Appender.Bool(Native, value));

    /// <summary>Appends a value to the current column.</summary>
    public void Append(sbyte value) => Check(NativeMethods.Appender.Int8(Native, value));

    /// <summary>Appends a value to the current column.</summary>
    public void Append(short value) => Check(NativeMethods.Appender.Int16(Native, value));

    /// <summary>Appends a value to the current column.</summary>
    public void Append(int value) => Check(NativeMethods.Appender.Int32(Native, value));

    /// <summary>Appends a value to the current column.</summary>
    public void Append(long value) => Check(NativeMethods.Appender.Int64(Native, value));

    /// <summary>Appends a value to the current column.</summary>
    public void Append(byte value) => Check(NativeMethods.Appender.UInt8(Native, value));

    /// <summary>Appends a value to the current column.</summary>
    public void Append(ushort value) => Check(NativeMethods.Appender.UInt16(Native, value));

    /// <summary>Appends a value to the current column.</summary>
    public void Append(uint value) => Check(NativeMethods.Appender.UInt32(Native, value));

    /// <summary>Appends a value to the current column.</summary>
    public void Append(ulong value) => Check(NativeMethods.Appender.UInt64(Native, value));

    /// <summary>Appends a value to the current column.</summary>
    public void Append(float value) => Check(NativeMethods.Appender.Float(Native, value));

    /// <summary>Appends a value to the current column.</summary>
    public void Append(double value) => Check(NativeMethods.Appender.Double(Native, value));

    /// <summary>Appends a value to the current column.</summary>
    public void Append(DuckDbInterval value) => Check(NativeMethods.Appender.Interval(Native, value));

    /// <summary>A DATE as days since 1970-01-01.</summary>
    public void AppendDate(int days) => Check(NativeMethods.Appender.Date(Native, days));

    /// <summary>A TIME as microseconds since midnight.</summary>
    public void AppendTime(long micros) => Check(NativeMethods.Appender.Time(Native, micros));

    /// <summary>A TIMESTAMP as microseconds since 1970-01-01 00:00.</summary>
    public void AppendTimestamp(long micros) => Check(NativeMethods.Appender.Timestamp(Native, micros));

    /// <summary>UTF-8 text (VARCHAR, or any type DuckDB casts text to).</summary>
    public void AppendUtf8(ReadOnlySpan<byte> value)
    {
        fixed (byte* bytes = value)
        {
            Check(NativeMethods.Appender.Varchar(Native, bytes, (ulong)value.Length));
        }
    }

    /// <summary>Appends a value to the current column.</summary>
    public void AppendText(string value) => AppendUtf8(Encoding.UTF8.GetBytes(value));

    /// <summary>Appends a value to the current column.</summary>
    public void AppendBlob(ReadOnlySpan<byte> value)
    {
        fixed (byte* bytes = value)
        {
            Check(NativeMethods.Appender.Blob(Native, bytes, (ulong)value.Length));
        }
    }

    /// <summary>Ends the current row (every column must have a value).</summary>
    public void EndRow() => Check(NativeMethods.Appender.EndRow(Native));

    /// <summary>Writes the buffered rows into the table (constraint violations surface here).</summary>
    public void Flush() => Check(NativeMethods.Appender.Flush(Native));

    /// <summary>Flushes and closes the appender.</summary>
    public void Close() => Check(NativeMethods.Appender.Close(Native));

    /// <summary>Destroys the appender; rows not flushed are dropped.</summary>
    public void Dispose() => _handle.Dispose();

    private void Check(int state)
    {
        if (state != NativeMethods.Success)
        {
            throw DuckDbException.FromMessage(NativeString.Borrow(NativeMethods.Appender.Error(Native)));
        }
    }
}
