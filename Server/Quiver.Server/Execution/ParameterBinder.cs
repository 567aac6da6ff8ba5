using Quiver.Arrow;
using Quiver.DuckDb;

namespace Quiver.Server.Execution;

/// <summary>
/// Binds a statement's parameters from the request's Arrow IPC stream (a schema and one row): column i binds parameter
/// i + 1, or the parameter its name names. Values are bound natively, never spliced into SQL.
/// </summary>
internal static class ParameterBinder
{
    private static readonly ArrowReaderOptions Limits = new() { MaxMessageBytes = 64 << 20, MaxFieldCount = 10_000 };

    /// <exception cref="ParameterException">The parameters do not decode, or do not match the statement.</exception>
    public static void Bind(DuckDbPreparedStatement statement, ReadOnlyMemory<byte> parameters)
    {
        if (parameters.IsEmpty)
        {
            if (statement.ParameterCount > 0)
            {
                throw new ParameterException($"The statement has {statement.ParameterCount} parameter(s) but no values were sent.");
            }

            return;
        }

        var (schema, batch) = Decode(parameters);
        using (batch)
        {
            if (schema.Fields.Count != statement.ParameterCount)
            {
                throw new ParameterException($"The statement has {statement.ParameterCount} parameter(s) but {schema.Fields.Count} value(s) were sent.");
            }

            for (var i = 0; i < schema.Fields.Count; i++)
            {
                var name = schema.Fields[i].Name;
                var index = i + 1;
                if (name.Length > 0 && !IsPosition(name) && TryIndex(statement, name, out var named))
                {
                    index = named;
                }

                try
                {
                    BindValue(statement, index, batch?.Column(i));
                }
                catch (Exception error) when (error is OverflowException or ArgumentException or NotSupportedException or InvalidCastException)
                {
                    throw new ParameterException($"Parameter {index} ('{name}'): {error.Message}");
                }
            }
        }
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
                    if (batch is not null || decoded.Length != 1)
                    {
                        throw new ParameterException("Parameter values must be one record batch of exactly one row.");
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

    private static void BindValue(DuckDbPreparedStatement statement, int index, ArrowArray? column)
    {
        if (column is null || column.IsNull(0))
        {
            statement.BindNull(index);
            return;
        }

        switch (column)
        {
            case BooleanArray booleans:
                statement.Bind(index, booleans.GetBoolean(0));
                return;
            case BinaryArray binary when binary.IsUtf8:
                statement.BindUtf8(index, binary.GetBytes(0));
                return;
            case BinaryArray binary:
                statement.BindBlob(index, binary.GetBytes(0));
                return;
            case PrimitiveArray primitive:
                BindPrimitive(statement, index, primitive);
                return;
            default:
                throw new NotSupportedException($"Arrow type {column.Type} is not supported for parameters yet.");
        }
    }

    private static void BindPrimitive(DuckDbPreparedStatement statement, int index, PrimitiveArray value)
    {
        var type = value.Type;
        switch (type.Id)
        {
            case ArrowTypeId.Int8: statement.Bind(index, value.GetInt8(0)); break;
            case ArrowTypeId.Int16: statement.Bind(index, value.GetInt16(0)); break;
            case ArrowTypeId.Int32: statement.Bind(index, value.GetInt32(0)); break;
            case ArrowTypeId.Int64: statement.Bind(index, value.GetInt64(0)); break;
            case ArrowTypeId.UInt8: statement.Bind(index, value.GetUInt8(0)); break;
            case ArrowTypeId.UInt16: statement.Bind(index, value.GetUInt16(0)); break;
            case ArrowTypeId.UInt32: statement.Bind(index, value.GetUInt32(0)); break;
            case ArrowTypeId.UInt64: statement.Bind(index, value.GetUInt64(0)); break;
            case ArrowTypeId.Float32: statement.Bind(index, value.GetFloat(0)); break;
            case ArrowTypeId.Float64: statement.Bind(index, value.GetDouble(0)); break;
            // Scale 0 binds as HUGEINT, which holds all 38 digits; other scales go through System.Decimal.
            case ArrowTypeId.Decimal128 when type.Scale == 0: statement.Bind(index, value.GetUnscaledDecimal(0)); break;
            case ArrowTypeId.Decimal128: statement.Bind(index, value.GetDecimal(0)); break;
            case ArrowTypeId.Date32: statement.Bind(index, DuckDbValues.FromDays(value.GetValue<int>(0))); break;
            case ArrowTypeId.Date64: statement.Bind(index, DateOnly.FromDateTime(DateTime.UnixEpoch.AddMilliseconds(value.GetValue<long>(0)))); break;
            case ArrowTypeId.Time32: statement.Bind(index, new TimeOnly(Ticks(type.Unit, value.GetValue<int>(0)))); break;
            case ArrowTypeId.Time64: statement.Bind(index, new TimeOnly(Ticks(type.Unit, value.GetValue<long>(0)))); break;
            case ArrowTypeId.Timestamp when type.TimeZone is null:
                statement.Bind(index, new DateTime(DateTime.UnixEpoch.Ticks + Ticks(type.Unit, value.GetValue<long>(0)), DateTimeKind.Unspecified));
                break;
            case ArrowTypeId.Timestamp:
                statement.Bind(index, new DateTimeOffset(DateTime.UnixEpoch.Ticks + Ticks(type.Unit, value.GetValue<long>(0)), TimeSpan.Zero));
                break;
            case ArrowTypeId.Duration:
                statement.Bind(index, new DuckDbInterval(0, 0, Ticks(type.Unit, value.GetValue<long>(0)) / TimeSpan.TicksPerMicrosecond));
                break;
            case ArrowTypeId.Interval when type.IntervalUnit == ArrowIntervalUnit.MonthDayNano:
                var interval = value.GetMonthDayNano(0);
                statement.Bind(index, new DuckDbInterval(interval.Months, interval.Days, interval.Nanoseconds / 1000));
                break;
            case ArrowTypeId.FixedSizeBinary when type.ByteWidth == 16:
                statement.Bind(index, new Guid(value.GetBytes(0), bigEndian: true));
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

    private static bool TryIndex(DuckDbPreparedStatement statement, string name, out int index)
    {
        for (var i = 1; i <= statement.ParameterCount; i++)
        {
            if (string.Equals(statement.GetParameterName(i), name, StringComparison.OrdinalIgnoreCase))
            {
                index = i;
                return true;
            }
        }

        index = 0;
        return false;
    }
}

/// <summary>Parameter values that cannot be bound; the message says which and why.</summary>
internal sealed class ParameterException(string message) : Exception(message);
