using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Numerics;
using Google.Protobuf;
using Quiver.Arrow;
using Quiver.Data.Types;

namespace Quiver.Data.Internal;

/// <summary>
/// Encodes a statement's parameter values as the protocol wants them: an Arrow IPC stream of one schema and one
/// one-row record batch, a column per parameter, named for named parameters.
/// </summary>
internal static class ParameterEncoder
{
    private static readonly Dictionary<string, string> UuidMetadata = new() { ["ARROW:extension:name"] = "arrow.uuid" };

    public static ByteString Encode(IReadOnlyList<(string Name, QuiverParameter Parameter)> parameters)
    {
        var fields = new ArrowField[parameters.Count];
        var types = new (QuiverDbType Type, QuiverDbType Element)[parameters.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            var (name, parameter) = parameters[i];
            types[i] = TypeOf(parameter);
            fields[i] = new ArrowField(name, ArrowTypeOf(types[i].Type, types[i].Element, parameter), nullable: true, metadata: types[i].Type == QuiverDbType.Uuid ? UuidMetadata : null);
        }

        var schema = new ArrowSchema(fields);
        using var builder = new ArrowRecordBatchBuilder(schema);
        for (var i = 0; i < fields.Length; i++)
        {
            var (name, parameter) = parameters[i];
            try
            {
                Append(builder.Columns[i], types[i].Type, parameter.Value);
            }
            catch (Exception error) when (error is InvalidCastException or FormatException or OverflowException or ArgumentException)
            {
                throw new InvalidCastException(
                    $"Parameter '{(name.Length > 0 ? name : (i + 1).ToString(CultureInfo.InvariantCulture))}' of type {types[i].Type} cannot take the value {Describe(parameter.Value)}: {error.Message}", error);
            }
        }

        using var batch = builder.Build();
        var output = new ArrayBufferWriter<byte>(256);
        var encoder = new ArrowIpcEncoder(schema);
        encoder.WriteSchema(output);
        encoder.WriteBatch(batch, output);
        return ByteString.CopyFrom(output.WrittenSpan);
    }

    private static (QuiverDbType Type, QuiverDbType Element) TypeOf(QuiverParameter parameter)
    {
        if (!parameter.HasExplicitType)
        {
            var inferred = ParameterTypes.Infer(parameter);
            return (inferred.Type, parameter.ElementType != QuiverDbType.Unknown ? parameter.ElementType : inferred.Element);
        }

        var type = parameter.QuiverDbType;
        if (type is QuiverDbType.List or QuiverDbType.Array && parameter.ElementType == QuiverDbType.Unknown)
        {
            return (QuiverDbType.List, parameter.Value is null or DBNull ? QuiverDbType.Varchar : ParameterTypes.Infer(parameter).Element);
        }

        return (type, parameter.ElementType);
    }

    private static ArrowType ArrowTypeOf(QuiverDbType type, QuiverDbType element, QuiverParameter parameter) => type switch
    {
        QuiverDbType.Boolean => ArrowType.Boolean,
        QuiverDbType.TinyInt => ArrowType.Int8,
        QuiverDbType.SmallInt => ArrowType.Int16,
        QuiverDbType.Integer => ArrowType.Int32,
        QuiverDbType.BigInt => ArrowType.Int64,
        QuiverDbType.UTinyInt => ArrowType.UInt8,
        QuiverDbType.USmallInt => ArrowType.UInt16,
        QuiverDbType.UInteger => ArrowType.UInt32,
        QuiverDbType.UBigInt => ArrowType.UInt64,
        QuiverDbType.Float => ArrowType.Float32,
        QuiverDbType.Double => ArrowType.Float64,
        QuiverDbType.Decimal => ArrowType.Decimal128(38, DecimalScale(parameter)),
        QuiverDbType.Varchar or QuiverDbType.Enum => ArrowType.Utf8,
        QuiverDbType.Blob => ArrowType.Binary,
        QuiverDbType.Date => ArrowType.Date32,
        QuiverDbType.Time => ArrowType.Time(ArrowTimeUnit.Microsecond),
        QuiverDbType.Timestamp => ArrowType.Timestamp(ArrowTimeUnit.Microsecond),
        QuiverDbType.TimestampTz => ArrowType.Timestamp(ArrowTimeUnit.Microsecond, "UTC"),
        QuiverDbType.Interval => ArrowType.Interval(ArrowIntervalUnit.MonthDayNano),
        QuiverDbType.Uuid => ArrowType.FixedSizeBinary(16),
        QuiverDbType.Null or QuiverDbType.Unknown => ArrowType.Null,
        QuiverDbType.List or QuiverDbType.Array => ArrowType.List(new ArrowField("item", ArrowTypeOf(element, QuiverDbType.Unknown, parameter), nullable: true)),
        _ => throw new NotSupportedException($"Parameter '{parameter.ParameterName}': {type} values cannot be sent as parameters."),
    };

    // The value's own scale keeps it exact (a list's largest element scale); an explicit Scale wins.
    private static int DecimalScale(QuiverParameter parameter) => parameter.Scale > 0 ? parameter.Scale : parameter.Value switch
    {
        decimal d => d.Scale,
        IEnumerable items and not string => items.OfType<decimal>().Select(d => (int)d.Scale).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private static void Append(ArrowArrayBuilder column, QuiverDbType type, object? value)
    {
        if (value is null or DBNull)
        {
            column.AppendNull();
            return;
        }

        switch (column)
        {
            case BooleanArrayBuilder booleans:
                booleans.Append(Convert.ToBoolean(value, CultureInfo.InvariantCulture));
                return;
            case BinaryArrayBuilder binary when type is QuiverDbType.Blob:
                binary.Append(Bytes(value));
                return;
            case BinaryArrayBuilder text:
                text.Append(Text(value));
                return;
            case ListArrayBuilder list:
                AppendList(list, value);
                return;
            case PrimitiveArrayBuilder primitive:
                AppendPrimitive(primitive, type, value);
                return;
            default:
                throw new InvalidCastException($"a {type} parameter cannot hold a value; only NULL.");
        }
    }

    private static void AppendList(ListArrayBuilder list, object value)
    {
        if (value is not IEnumerable items || value is string)
        {
            throw new InvalidCastException("a LIST parameter needs an array or list value.");
        }

        var element = ParameterTypes.FromArrow(list.Values.Field.Type);
        list.Append();
        foreach (var item in items)
        {
            Append(list.Values, element, item);
        }
    }

    private static void AppendPrimitive(PrimitiveArrayBuilder column, QuiverDbType type, object value)
    {
        var c = CultureInfo.InvariantCulture;
        switch (type)
        {
            case QuiverDbType.TinyInt: column.Append(Convert.ToSByte(value, c)); break;
            case QuiverDbType.SmallInt: column.Append(Convert.ToInt16(value, c)); break;
            case QuiverDbType.Integer: column.Append(Convert.ToInt32(value, c)); break;
            case QuiverDbType.BigInt: column.Append(Convert.ToInt64(value, c)); break;
            case QuiverDbType.UTinyInt: column.Append(Convert.ToByte(value, c)); break;
            case QuiverDbType.USmallInt: column.Append(Convert.ToUInt16(value, c)); break;
            case QuiverDbType.UInteger: column.Append(Convert.ToUInt32(value, c)); break;
            case QuiverDbType.UBigInt: column.Append(Convert.ToUInt64(value, c)); break;
            case QuiverDbType.Float: column.Append(Convert.ToSingle(value, c)); break;
            case QuiverDbType.Double: column.Append(Convert.ToDouble(value, c)); break;
            case QuiverDbType.Decimal when value is BigInteger big:
                column.Append(big >= (BigInteger)Int128.MinValue && big <= (BigInteger)Int128.MaxValue && BigInteger.Abs(big) < BigInteger.Pow(10, 38)
                    ? (Int128)big : throw new OverflowException("the value has more than 38 digits."));
                break;
            case QuiverDbType.Decimal: column.AppendDecimal(Convert.ToDecimal(value, c)); break;
            case QuiverDbType.Date: column.Append(DateOf(value).DayNumber - UnixEpochDay); break;
            case QuiverDbType.Time: column.Append(TimeOf(value).Ticks / TimeSpan.TicksPerMicrosecond); break;
            case QuiverDbType.Timestamp: column.Append((LocalTimestamp(value) - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond); break;
            case QuiverDbType.TimestampTz: column.Append((UtcTimestamp(value) - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond); break;
            case QuiverDbType.Interval: column.AppendMonthDayNano(IntervalOf(value)); break;
            case QuiverDbType.Uuid: column.AppendBytes((value is Guid g ? g : Guid.Parse(Text(value))).ToByteArray(bigEndian: true)); break;
            default: throw new NotSupportedException($"{type} values cannot be sent as parameters.");
        }
    }

    private static readonly int UnixEpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private static string Text(object value) => value switch
    {
        string s => s,
        Stream stream => System.Text.Encoding.UTF8.GetString(ReadAll(stream)),
        char ch => ch.ToString(),
        char[] chars => new string(chars),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static ReadOnlySpan<byte> Bytes(object value) => value switch
    {
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory.Span,
        Memory<byte> memory => memory.Span,
        ArraySegment<byte> segment => segment,
        Stream stream => ReadAll(stream),
        _ => throw new InvalidCastException("a BLOB parameter needs byte[], ReadOnlyMemory<byte> or a Stream."),
    };

    // The most a Stream parameter is read for; the server's message limit (4 MiB by default) usually comes first.
    private const int MaxStreamBytes = 256 * 1024 * 1024;

    // A Stream value is read, from its current position, when the command runs.
    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (copy.Length + read > MaxStreamBytes)
            {
                throw new InvalidCastException($"A Stream parameter holds more than {MaxStreamBytes} bytes, the most Quiver reads for one value.");
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    private static DateOnly DateOf(object value) => value switch
    {
        DateOnly date => date,
        DateTime dateTime => DateOnly.FromDateTime(dateTime),
        DateTimeOffset offset => DateOnly.FromDateTime(offset.DateTime),
        _ => DateOnly.Parse(Text(value), CultureInfo.InvariantCulture),
    };

    private static TimeSpan TimeOf(object value) => value switch
    {
        TimeOnly time => time.ToTimeSpan(),
        TimeSpan span => span,
        DateTime dateTime => dateTime.TimeOfDay,
        _ => TimeSpan.Parse(Text(value), CultureInfo.InvariantCulture),
    };

    private static DateTime LocalTimestamp(object value) => value switch
    {
        DateTime dateTime => dateTime,
        DateTimeOffset offset => offset.DateTime,
        DateOnly date => date.ToDateTime(TimeOnly.MinValue),
        _ => DateTime.Parse(Text(value), CultureInfo.InvariantCulture),
    };

    private static DateTime UtcTimestamp(object value) => value switch
    {
        DateTime { Kind: DateTimeKind.Unspecified } => throw new ArgumentException(
            "a DateTime of Kind Unspecified is ambiguous for TIMESTAMP WITH TIME ZONE; pass Kind Utc or Local, or a DateTimeOffset."),
        DateTime dateTime => dateTime.ToUniversalTime(),
        DateTimeOffset offset => offset.UtcDateTime,
        _ => DateTimeOffset.Parse(Text(value), CultureInfo.InvariantCulture).UtcDateTime,
    };

    private static ArrowMonthDayNano IntervalOf(object value) => value switch
    {
        QuiverInterval interval => new ArrowMonthDayNano(interval.Months, interval.Days, checked(interval.Microseconds * 1000)),
        TimeSpan span => new ArrowMonthDayNano(0, 0, checked(span.Ticks * 100)),
        _ => throw new InvalidCastException("an INTERVAL parameter needs TimeSpan or QuiverInterval."),
    };

    private static string Describe(object? value) => value switch
    {
        null or DBNull => "NULL",
        string => "a string",
        _ => $"of type {value.GetType().Name}",
    };
}
