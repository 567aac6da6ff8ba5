using System.Globalization;
using Quiver.Arrow;
using Quiver.DuckDb;
using Quiver.Protocol.V1;

namespace Quiver.Server.Ingest;

/// <summary>
/// How each Arrow column of an ingest becomes a DuckDB column: its type in the CREATE TABLE the server writes, and how
/// its values go into the appender. Values never pass through SQL text; types that would lose data (sub-microsecond
/// intervals and times) are refused with a clear error rather than rounded.
/// </summary>
internal static class IngestColumns
{
    /// <summary>The DuckDB type of a column created for <paramref name="field"/>, or an error naming what is not supported.</summary>
    public static string SqlType(ArrowField field)
    {
        var type = field.Type;
        return type.Id switch
        {
            ArrowTypeId.Boolean => "BOOLEAN",
            ArrowTypeId.Int8 => "TINYINT",
            ArrowTypeId.Int16 => "SMALLINT",
            ArrowTypeId.Int32 => "INTEGER",
            ArrowTypeId.Int64 => "BIGINT",
            ArrowTypeId.UInt8 => "UTINYINT",
            ArrowTypeId.UInt16 => "USMALLINT",
            ArrowTypeId.UInt32 => "UINTEGER",
            ArrowTypeId.UInt64 => "UBIGINT",
            ArrowTypeId.Float32 => "FLOAT",
            ArrowTypeId.Float64 => "DOUBLE",
            ArrowTypeId.Decimal128 when type.Precision is >= 1 and <= 38 => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({type.Precision},{type.Scale})"),
            ArrowTypeId.Utf8 or ArrowTypeId.LargeUtf8 => "VARCHAR",
            ArrowTypeId.Binary or ArrowTypeId.LargeBinary => "BLOB",
            ArrowTypeId.Date32 => "DATE",
            ArrowTypeId.Time64 or ArrowTypeId.Time32 => "TIME",
            ArrowTypeId.Timestamp when type.TimeZone is not null => "TIMESTAMP WITH TIME ZONE",
            ArrowTypeId.Timestamp => type.Unit switch
            {
                ArrowTimeUnit.Second => "TIMESTAMP_S",
                ArrowTimeUnit.Millisecond => "TIMESTAMP_MS",
                ArrowTimeUnit.Nanosecond => "TIMESTAMP_NS",
                _ => "TIMESTAMP",
            },
            ArrowTypeId.Interval when type.IntervalUnit == ArrowIntervalUnit.MonthDayNano => "INTERVAL",
            ArrowTypeId.FixedSizeBinary when type.ByteWidth == 16 && field.Metadata.GetValueOrDefault("ARROW:extension:name") == "arrow.uuid" => "UUID",
            _ => throw Unsupported(field),
        };
    }

    /// <summary>Appends row <paramref name="row"/> of <paramref name="column"/> to the appender's current column.</summary>
    public static void Append(DuckDbAppender appender, ArrowField field, ArrowArray column, int row)
    {
        if (column.IsNull(row))
        {
            appender.AppendNull();
            return;
        }

        switch (column)
        {
            case BooleanArray booleans:
                appender.Append(booleans.GetBoolean(row));
                return;
            case BinaryArray text when text.IsUtf8:
                appender.AppendUtf8(text.GetBytes(row));
                return;
            case BinaryArray binary:
                appender.AppendBlob(binary.GetBytes(row));
                return;
            case PrimitiveArray values:
                AppendPrimitive(appender, field, values, row);
                return;
            default:
                throw Unsupported(field);
        }
    }

    private static void AppendPrimitive(DuckDbAppender appender, ArrowField field, PrimitiveArray values, int row)
    {
        var type = values.Type;
        switch (type.Id)
        {
            case ArrowTypeId.Int8: appender.Append(values.GetInt8(row)); break;
            case ArrowTypeId.Int16: appender.Append(values.GetInt16(row)); break;
            case ArrowTypeId.Int32: appender.Append(values.GetInt32(row)); break;
            case ArrowTypeId.Int64: appender.Append(values.GetInt64(row)); break;
            case ArrowTypeId.UInt8: appender.Append(values.GetUInt8(row)); break;
            case ArrowTypeId.UInt16: appender.Append(values.GetUInt16(row)); break;
            case ArrowTypeId.UInt32: appender.Append(values.GetUInt32(row)); break;
            case ArrowTypeId.UInt64: appender.Append(values.GetUInt64(row)); break;
            case ArrowTypeId.Float32: appender.Append(values.GetFloat(row)); break;
            case ArrowTypeId.Float64: appender.Append(values.GetDouble(row)); break;
            // The appender would take an integer as the decimal's value, not its unscaled digits: the exact text goes.
            case ArrowTypeId.Decimal128: appender.AppendText(DecimalText(values.GetUnscaledDecimal(row), type.Scale)); break;
            case ArrowTypeId.Date32: appender.AppendDate(values.GetValue<int>(row)); break;
            case ArrowTypeId.Time32: appender.AppendTime(Micros(type.Unit, values.GetValue<int>(row), field)); break;
            case ArrowTypeId.Time64: appender.AppendTime(Micros(type.Unit, values.GetValue<long>(row), field)); break;
            case ArrowTypeId.Timestamp when type.TimeZone is null && type.Unit != ArrowTimeUnit.Nanosecond:
                appender.AppendTimestamp(Micros(type.Unit, values.GetValue<long>(row), field));
                break;
            // Nanoseconds and instants go as ISO text, which DuckDB parses exactly (a TIMESTAMP value would lose the
            // nanoseconds, or be read in the session's time zone).
            case ArrowTypeId.Timestamp: appender.AppendText(TimestampText(values.GetValue<long>(row), type)); break;
            case ArrowTypeId.Interval when type.IntervalUnit == ArrowIntervalUnit.MonthDayNano:
                var interval = values.GetMonthDayNano(row);
                if (interval.Nanoseconds % 1000 != 0)
                {
                    throw Lossy(field, "an interval with sub-microsecond nanoseconds (DuckDB's INTERVAL keeps microseconds)");
                }

                appender.Append(new DuckDbInterval(interval.Months, interval.Days, interval.Nanoseconds / 1000));
                break;
            case ArrowTypeId.FixedSizeBinary when type.ByteWidth == 16:
                appender.AppendText(new Guid(values.GetBytes(row), bigEndian: true).ToString());
                break;
            default:
                throw Unsupported(field);
        }
    }

    private static long Micros(ArrowTimeUnit unit, long value, ArrowField field) => unit switch
    {
        ArrowTimeUnit.Second => checked(value * 1_000_000),
        ArrowTimeUnit.Millisecond => checked(value * 1000),
        ArrowTimeUnit.Microsecond => value,
        _ when value % 1000 == 0 => value / 1000,
        _ => throw Lossy(field, "a time with sub-microsecond nanoseconds (DuckDB's TIME keeps microseconds)"),
    };

    private static string TimestampText(long value, ArrowType type)
    {
        var (seconds, fraction, digits) = type.Unit switch
        {
            ArrowTimeUnit.Second => (value, 0L, 0),
            ArrowTimeUnit.Millisecond => (Math.DivRem(value, 1000L).Quotient, Math.DivRem(value, 1000L).Remainder, 3),
            ArrowTimeUnit.Microsecond => (Math.DivRem(value, 1_000_000L).Quotient, Math.DivRem(value, 1_000_000L).Remainder, 6),
            _ => (Math.DivRem(value, 1_000_000_000L).Quotient, Math.DivRem(value, 1_000_000_000L).Remainder, 9),
        };
        if (fraction < 0)
        {
            seconds--;
            fraction += (long)Math.Pow(10, digits);
        }

        var text = DateTime.UnixEpoch.AddSeconds(seconds).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var fractional = digits == 0 ? "" : "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
        return text + fractional + (type.TimeZone is null ? "" : "+00");
    }

    private static string DecimalText(Int128 unscaled, int scale)
    {
        var negative = unscaled < 0;
        var digits = (negative ? -unscaled : unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var text = scale == 0 ? digits : digits[..^scale] + "." + digits[^scale..];
        return negative ? "-" + text : text;
    }

    private static IngestException Unsupported(ArrowField field)
        => new("0A000", ErrorClass.Semantic, $"Column '{field.Name}' has Arrow type {field.Type}, which ingest does not take (send it as another type, or insert it with SQL).");

    private static IngestException Lossy(ArrowField field, string what)
        => new("22008", ErrorClass.Data, $"Column '{field.Name}' holds {what}; ingest does not round values.");
}

/// <summary>An ingest failure with the SQLSTATE and class the client gets.</summary>
internal sealed class IngestException(string sqlState, ErrorClass errorClass, string message) : Exception(message)
{
    public Error Error { get; } = Failures.Error(sqlState, errorClass, message);
}
