using System.Runtime.CompilerServices;
using Quiver.Data.Types;

namespace Quiver.Data;

// Value access for the current row: thin calls into the column readers.
public sealed partial class QuiverDataReader
{
    internal const System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes FieldTypeMembers =
        System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicFields | System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicProperties;

    private int _charsColumn = -1;
    private int _charsRow = -1;
    private string? _chars;

    /// <inheritdoc/>
    public override string GetName(int ordinal) => Column(ordinal).Name;

    /// <inheritdoc/>
    public override int GetOrdinal(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = 0; i < _columns.Length; i++)
        {
            if (string.Equals(_columns[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < _columns.Length; i++)
        {
            if (string.Equals(_columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new IndexOutOfRangeException($"The result has no column named '{name}'.");
    }

    /// <inheritdoc/>
    public override string GetDataTypeName(int ordinal) => Column(ordinal).DataTypeName;

    /// <inheritdoc/>
    [return: System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(FieldTypeMembers)]
    public override Type GetFieldType(int ordinal) => Column(ordinal).FieldType;

    /// <summary>The column's SQL type.</summary>
    public QuiverDbType GetQuiverDbType(int ordinal) => Column(ordinal).Mapping.QuiverType;

    /// <inheritdoc/>
    public override bool IsDBNull(int ordinal) => Value(ordinal).IsNull(_row);

    /// <inheritdoc/>
    public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken)
        => cancellationToken.IsCancellationRequested ? Task.FromCanceled<bool>(cancellationToken) : IsDBNull(ordinal) ? True : False;

    /// <inheritdoc/>
    public override object GetValue(int ordinal)
    {
        var column = Value(ordinal);
        return column.IsNull(_row) ? DBNull.Value : column.GetValue(_row);
    }

    /// <inheritdoc/>
    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (_columns.Length == 0)
        {
            throw NoColumns();
        }

        var count = Math.Min(values.Length, _columns.Length);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    /// <inheritdoc/>
    public override T GetFieldValue<T>(int ordinal)
    {
        var column = Value(ordinal);
        if (column.IsNull(_row))
        {
            return NullAs<T>(column);
        }

        return column.Get<T>(_row);
    }

    /// <inheritdoc/>
    public override Task<T> GetFieldValueAsync<T>(int ordinal, CancellationToken cancellationToken)
        => cancellationToken.IsCancellationRequested ? Task.FromCanceled<T>(cancellationToken) : Task.FromResult(GetFieldValue<T>(ordinal));

    /// <inheritdoc/>
    public override bool GetBoolean(int ordinal) => NonNull(ordinal).GetBoolean(_row);

    /// <inheritdoc/>
    public override byte GetByte(int ordinal) => NonNull(ordinal).GetByte(_row);

    /// <inheritdoc/>
    public override char GetChar(int ordinal) => NonNull(ordinal).GetChar(_row);

    /// <inheritdoc/>
    public override short GetInt16(int ordinal) => NonNull(ordinal).GetInt16(_row);

    /// <inheritdoc/>
    public override int GetInt32(int ordinal) => NonNull(ordinal).GetInt32(_row);

    /// <inheritdoc/>
    public override long GetInt64(int ordinal) => NonNull(ordinal).GetInt64(_row);

    /// <inheritdoc/>
    public override float GetFloat(int ordinal) => NonNull(ordinal).GetFloat(_row);

    /// <inheritdoc/>
    public override double GetDouble(int ordinal) => NonNull(ordinal).GetDouble(_row);

    /// <inheritdoc/>
    public override decimal GetDecimal(int ordinal) => NonNull(ordinal).GetDecimal(_row);

    /// <inheritdoc/>
    public override string GetString(int ordinal) => NonNull(ordinal).GetString(_row);

    /// <inheritdoc/>
    public override DateTime GetDateTime(int ordinal) => NonNull(ordinal).GetDateTime(_row);

    /// <inheritdoc/>
    public override Guid GetGuid(int ordinal) => NonNull(ordinal).GetGuid(_row);

    /// <summary>A TIMESTAMP WITH TIME ZONE value.</summary>
    public DateTimeOffset GetDateTimeOffset(int ordinal) => NonNull(ordinal).GetDateTimeOffset(_row);

    /// <summary>A TIME or INTERVAL value.</summary>
    public TimeSpan GetTimeSpan(int ordinal) => NonNull(ordinal).GetTimeSpan(_row);

    /// <summary>An INTERVAL value with its months, days and microseconds.</summary>
    public QuiverInterval GetInterval(int ordinal) => NonNull(ordinal).GetInterval(_row);

    /// <inheritdoc/>
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var bytes = NonNull(ordinal).GetSpan(_row);
        if (buffer is null)
        {
            return bytes.Length;
        }

        CheckRange(dataOffset, buffer.Length, bufferOffset, length);
        var start = (int)Math.Min(dataOffset, bytes.Length);
        var count = Math.Min(length, bytes.Length - start);
        bytes.Slice(start, count).CopyTo(buffer.AsSpan(bufferOffset));
        return count;
    }

    /// <inheritdoc/>
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var column = NonNull(ordinal);
        if (_charsColumn != ordinal || _charsRow != _row || _chars is null)
        {
            _chars = column.GetString(_row);
            _charsColumn = ordinal;
            _charsRow = _row;
        }

        if (buffer is null)
        {
            return _chars.Length;
        }

        CheckRange(dataOffset, buffer.Length, bufferOffset, length);
        var start = (int)Math.Min(dataOffset, _chars.Length);
        var count = Math.Min(length, _chars.Length - start);
        _chars.CopyTo(start, buffer, bufferOffset, count);
        return count;
    }

    /// <inheritdoc/>
    public override Stream GetStream(int ordinal) => GetFieldValue<Stream>(ordinal);

    /// <inheritdoc/>
    public override TextReader GetTextReader(int ordinal) => GetFieldValue<TextReader>(ordinal);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ColumnReader Column(int ordinal)
    {
        if (_state == ReaderState.Closed)
        {
            throw Closed();
        }

        return (uint)ordinal < (uint)_columns.Length
            ? _columns[ordinal]
            : _columns.Length == 0
                ? throw NoColumns()
                : throw new IndexOutOfRangeException($"Column {ordinal} does not exist; the result has {_columns.Length} column(s).");
    }

    // As other providers do: a statement without a result set (INSERT, DDL) leaves a reader with no columns to read.
    private static InvalidOperationException NoColumns()
        => new("The reader has no columns: the current statement returned no result set (an INSERT, UPDATE, DELETE or DDL statement, for example).");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ColumnReader Value(int ordinal)
    {
        var column = Column(ordinal);
        return _batch is not null && _row >= 0 ? column : throw new InvalidOperationException("No row is current: call Read() first (and check that it returned true).");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ColumnReader NonNull(int ordinal)
    {
        var column = Value(ordinal);
        return column.IsNull(_row) ? throw NullValue(column) : column;
    }

    private static T NullAs<T>(ColumnReader column)
    {
        if (typeof(T) == typeof(object) || typeof(T) == typeof(DBNull))
        {
            return (T)(object)DBNull.Value;
        }

        return Nullable.GetUnderlyingType(typeof(T)) is not null ? default! : throw NullValue(column);
    }

    private static InvalidCastException NullValue(ColumnReader column)
        => new($"Column '{column.Name}' is NULL in this row; check IsDBNull first, or read it as a nullable type.");

    private static void CheckRange(long dataOffset, int bufferLength, int bufferOffset, int length)
    {
        if (dataOffset < 0 || bufferOffset < 0 || length < 0 || bufferOffset + length > bufferLength)
        {
            throw new ArgumentOutOfRangeException(nameof(dataOffset), "The offsets and length must be non-negative and fit the buffer.");
        }
    }
}
