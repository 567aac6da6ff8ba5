using Quiver.Arrow;
using Quiver.DuckDb;

namespace Quiver.Server.Execution;

/// <summary>
/// Binds a statement's parameters from the request's Arrow IPC stream (a schema and a batch of one or more rows): column
/// i binds parameter i + 1, or the parameter its name names. Values are bound natively, never spliced into SQL.
/// </summary>
internal static class ParameterBinder
{
    private static readonly ArrowReaderOptions Limits = new() { MaxMessageBytes = 64 << 20, MaxFieldCount = 10_000 };

    /// <summary>
    /// Decodes and checks a statement's parameter values: a schema with one column per parameter and one record batch
    /// of one or more rows (several rows run the statement once per row). No values for no parameters is zero rows.
    /// </summary>
    /// <exception cref="ParameterException">The parameters do not decode, or do not match the statement.</exception>
    public static ParameterRows Decode(DuckDbPreparedStatement statement, ReadOnlyMemory<byte> parameters)
    {
        if (parameters.IsEmpty)
        {
            return statement.ParameterCount > 0
                ? throw new ParameterException($"The statement has {statement.ParameterCount} parameter(s) but no values were sent.")
                : new ParameterRows(null, [], null);
        }

        var (schema, batch) = Decode(parameters);
        if (schema.Fields.Count != statement.ParameterCount)
        {
            batch?.Dispose();
            throw new ParameterException($"The statement has {statement.ParameterCount} parameter(s) but {schema.Fields.Count} value(s) were sent.");
        }

        var indexes = new int[schema.Fields.Count];
        Dictionary<string, int>? byName = null;
        for (var i = 0; i < indexes.Length; i++)
        {
            var name = schema.Fields[i].Name;
            indexes[i] = name.Length > 0 && !IsPosition(name) && (byName ??= NamesOf(statement)).TryGetValue(name, out var named) ? named : i + 1;
        }

        return new ParameterRows(schema, indexes, batch);
    }

    /// <summary>Decoded parameter values; <see cref="Bind"/> binds one row of them.</summary>
    internal sealed class ParameterRows(ArrowSchema? schema, int[] indexes, ArrowRecordBatch? batch) : IDisposable
    {
        /// <summary>Rows of values (1 for a statement without parameters, which runs once).</summary>
        public int Rows => schema is null ? 1 : batch?.Length ?? 1;

        public void Bind(DuckDbPreparedStatement statement, int row)
        {
            if (schema is null)
            {
                return;
            }

            for (var i = 0; i < indexes.Length; i++)
            {
                try
                {
                    BindValue(statement, indexes[i], batch?.Column(i), row);
                }
                catch (Exception error) when (error is OverflowException or ArgumentException or NotSupportedException or InvalidCastException)
                {
                    throw new ParameterException($"Parameter {indexes[i]} ('{schema.Fields[i].Name}'){(Rows > 1 ? $", row {row + 1}" : "")}: {error.Message}");
                }
            }
        }

        public void Dispose() => batch?.Dispose();
    }

    private static (ArrowSchema Schema, ArrowRecordBatch? Batch) Decode(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            var decoder = new ArrowIpcDecoder(Limits);
            ArrowRecordBatch? batch = null;
            while (!bytes.IsEmpty && !decoder.IsCompleted)
            {
                var message = decoder.Decode(bytes, out var consumed);
                bytes = bytes[consumed..];
                if (message.Batch is { } decoded)
                {
                    if (batch is not null || decoded.Length == 0)
                    {
                        decoded.Dispose();
                        batch?.Dispose();
                        throw new ParameterException("Parameter values must be one record batch of one or more rows.");
                    }

                    batch = decoded;
                }
            }

            return (decoder.Schema ?? throw new ParameterException("The parameter stream has no schema."), batch);
        }
        catch (ArrowFormatException error)
        {
            throw new ParameterException($"The parameter values are not a valid Arrow IPC stream: {error.Message}");
        }
    }

    private static void BindValue(DuckDbPreparedStatement statement, int index, ArrowArray? column, int row)
    {
        if (column is null || column.IsNull(row))
        {
            statement.BindNull(index);
            return;
        }

        switch (column)
        {
            case BooleanArray booleans:
                statement.Bind(index, booleans.GetBoolean(row));
                return;
            case BinaryArray binary when binary.IsUtf8:
                statement.BindUtf8(index, binary.GetBytes(row));
                return;
            case BinaryArray binary:
                statement.BindBlob(index, binary.GetBytes(row));
                return;
            case PrimitiveArray primitive:
                BindPrimitive(statement, index, primitive, row);
                return;
            case ListArray list when list.Type.Id == ArrowTypeId.List:
                using (var value = ListParameterValues.Of(list, row))
                {
                    statement.Bind(index, value);
                }

                return;
            default:
                throw new NotSupportedException($"Arrow type {column.Type} is not supported for parameters yet.");
        }
    }

    private static void BindPrimitive(DuckDbPreparedStatement statement, int index, PrimitiveArray value, int row)
    {
        var type = value.Type;
        switch (type.Id)
        {
            case ArrowTypeId.Int8: statement.Bind(index, value.GetInt8(row)); break;
            case ArrowTypeId.Int16: statement.Bind(index, value.GetInt16(row)); break;
            case ArrowTypeId.Int32: statement.Bind(index, value.GetInt32(row)); break;
            case ArrowTypeId.Int64: statement.Bind(index, value.GetInt64(row)); break;
            case ArrowTypeId.UInt8: statement.Bind(index, value.GetUInt8(row)); break;
            case ArrowTypeId.UInt16: statement.Bind(index, value.GetUInt16(row)); break;
            case ArrowTypeId.UInt32: statement.Bind(index, value.GetUInt32(row)); break;
            case ArrowTypeId.UInt64: statement.Bind(index, value.GetUInt64(row)); break;
            case ArrowTypeId.Float32: statement.Bind(index, value.GetFloat(row)); break;
            case ArrowTypeId.Float64: statement.Bind(index, value.GetDouble(row)); break;
            // Scale 0 binds as HUGEINT, which holds all 38 digits; other scales go through System.Decimal.
            case ArrowTypeId.Decimal128 when type.Scale == 0: statement.Bind(index, value.GetUnscaledDecimal(row)); break;
            case ArrowTypeId.Decimal128: statement.Bind(index, value.GetDecimal(row)); break;
            case ArrowTypeId.Date32: statement.Bind(index, DuckDbValues.FromDays(value.GetValue<int>(row))); break;
            case ArrowTypeId.Date64: statement.Bind(index, DateOnly.FromDateTime(DateTime.UnixEpoch.AddMilliseconds(value.GetValue<long>(row)))); break;
            case ArrowTypeId.Time32: statement.Bind(index, new TimeOnly(Ticks(type.Unit, value.GetValue<int>(row)))); break;
            case ArrowTypeId.Time64: statement.Bind(index, new TimeOnly(Ticks(type.Unit, value.GetValue<long>(row)))); break;
            case ArrowTypeId.Timestamp when type.TimeZone is null:
                statement.Bind(index, new DateTime(DateTime.UnixEpoch.Ticks + Ticks(type.Unit, value.GetValue<long>(row)), DateTimeKind.Unspecified));
                break;
            case ArrowTypeId.Timestamp:
                statement.Bind(index, new DateTimeOffset(DateTime.UnixEpoch.Ticks + Ticks(type.Unit, value.GetValue<long>(row)), TimeSpan.Zero));
                break;
            case ArrowTypeId.Duration:
                statement.Bind(index, new DuckDbInterval(0, 0, Ticks(type.Unit, value.GetValue<long>(row)) / TimeSpan.TicksPerMicrosecond));
                break;
            case ArrowTypeId.Interval when type.IntervalUnit == ArrowIntervalUnit.MonthDayNano:
                var interval = value.GetMonthDayNano(row);
                statement.Bind(index, new DuckDbInterval(interval.Months, interval.Days, interval.Nanoseconds / 1000));
                break;
            case ArrowTypeId.FixedSizeBinary when type.ByteWidth == 16:
                statement.Bind(index, new Guid(value.GetBytes(row), bigEndian: true));
                break;
            default:
                throw new NotSupportedException($"Arrow type {type} is not supported for parameters yet.");
        }
    }

    private static long Ticks(ArrowTimeUnit unit, long value) => unit switch
    {
        ArrowTimeUnit.Second => checked(value * TimeSpan.TicksPerSecond),
        ArrowTimeUnit.Millisecond => checked(value * TimeSpan.TicksPerMillisecond),
        ArrowTimeUnit.Microsecond => checked(value * TimeSpan.TicksPerMicrosecond),
        _ => value / 100,
    };

    private static bool IsPosition(string name) => name.All(char.IsAsciiDigit);

    // The statement's parameter names, read once: looking each name up through DuckDB made binding quadratic in the
    // number of parameters (a native call and a string per name per parameter: 2,000 parameters took ~0.5 s).
    private static Dictionary<string, int> NamesOf(DuckDbPreparedStatement statement)
    {
        var names = new Dictionary<string, int>(statement.ParameterCount, StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i <= statement.ParameterCount; i++)
        {
            names.TryAdd(statement.GetParameterName(i), i);
        }

        return names;
    }
}

/// <summary>Parameter values that cannot be bound; the message says which and why.</summary>
internal sealed class ParameterException(string message) : Exception(message);
