using Quiver.Arrow;
using Quiver.DuckDb;

namespace Quiver.Server.Execution;

/// <summary>
/// A LIST parameter's value built from its Arrow list: DuckDB has no bind call for lists, so the list is built as a
/// native value element by element (nested lists included) and bound whole.
/// </summary>
internal static class ListParameterValues
{
    /// <exception cref="NotSupportedException">An element's Arrow type has no DuckDB counterpart here.</exception>
    public static DuckDbValue Of(ListArray list, int row)
    {
        var element = TypeOf(list.Values.Type);
        var start = list.GetStart(row);
        var elements = new List<DuckDbValue>(list.GetLength(row));
        try
        {
            for (var i = start; i < start + list.GetLength(row); i++)
            {
                elements.Add(ElementOf(list.Values, i));
            }

            return DuckDbValue.List(element, elements);
        }
        finally
        {
            foreach (var value in elements)
            {
                value.Dispose();
            }
        }
    }

    private static DuckDbValue ElementOf(ArrowArray values, int index)
    {
        if (values.IsNull(index))
        {
            return DuckDbValue.Null();
        }

        return values switch
        {
            BooleanArray booleans => DuckDbValue.Of(booleans.GetBoolean(index)),
            BinaryArray text when text.IsUtf8 => DuckDbValue.Varchar(text.GetBytes(index)),
            BinaryArray binary => DuckDbValue.Blob(binary.GetBytes(index)),
            ListArray nested when nested.Type.Id == ArrowTypeId.List => Of(nested, index),
            PrimitiveArray primitive => PrimitiveOf(primitive, index),
            _ => throw new NotSupportedException($"Arrow type {values.Type} is not supported in LIST parameters."),
        };
    }

    private static DuckDbValue PrimitiveOf(PrimitiveArray value, int row)
    {
        var type = value.Type;
        return type.Id switch
        {
            ArrowTypeId.Int8 => DuckDbValue.Of(value.GetInt8(row)),
            ArrowTypeId.Int16 => DuckDbValue.Of(value.GetInt16(row)),
            ArrowTypeId.Int32 => DuckDbValue.Of(value.GetInt32(row)),
            ArrowTypeId.Int64 => DuckDbValue.Of(value.GetInt64(row)),
            ArrowTypeId.UInt8 => DuckDbValue.Of(value.GetUInt8(row)),
            ArrowTypeId.UInt16 => DuckDbValue.Of(value.GetUInt16(row)),
            ArrowTypeId.UInt32 => DuckDbValue.Of(value.GetUInt32(row)),
            ArrowTypeId.UInt64 => DuckDbValue.Of(value.GetUInt64(row)),
            ArrowTypeId.Float32 => DuckDbValue.Of(value.GetFloat(row)),
            ArrowTypeId.Float64 => DuckDbValue.Of(value.GetDouble(row)),
            ArrowTypeId.Decimal128 when type.Scale == 0 => DuckDbValue.Of(value.GetUnscaledDecimal(row)),
            ArrowTypeId.Decimal128 => DuckDbValue.Decimal(value.GetUnscaledDecimal(row), (byte)type.Precision, (byte)type.Scale),
            ArrowTypeId.Date32 => DuckDbValue.Date(value.GetValue<int>(row)),
            ArrowTypeId.Date64 => DuckDbValue.Date(checked((int)Math.Floor(value.GetValue<long>(row) / 86_400_000d))),
            ArrowTypeId.Time32 => DuckDbValue.Time(Micros(type.Unit, value.GetValue<int>(row))),
            ArrowTypeId.Time64 => DuckDbValue.Time(Micros(type.Unit, value.GetValue<long>(row))),
            ArrowTypeId.Duration => DuckDbValue.Of(new DuckDbInterval(0, 0, Micros(type.Unit, value.GetValue<long>(row)))),
            ArrowTypeId.Timestamp when type.TimeZone is null => DuckDbValue.Timestamp(Micros(type.Unit, value.GetValue<long>(row))),
            ArrowTypeId.Timestamp => DuckDbValue.TimestampTz(Micros(type.Unit, value.GetValue<long>(row))),
            ArrowTypeId.Interval when type.IntervalUnit == ArrowIntervalUnit.MonthDayNano => Interval(value.GetMonthDayNano(row)),
            ArrowTypeId.FixedSizeBinary when type.ByteWidth == 16 => DuckDbValue.Of(new Guid(value.GetBytes(row), bigEndian: true)),
            _ => throw new NotSupportedException($"Arrow type {type} is not supported in LIST parameters."),
        };
    }

    private static DuckDbValue Interval(ArrowMonthDayNano interval)
        => DuckDbValue.Of(new DuckDbInterval(interval.Months, interval.Days, interval.Nanoseconds / 1000));

    /// <summary>The DuckDB type of list elements of an Arrow type (the element type of an empty list, too).</summary>
    private static DuckDbTypeSpec TypeOf(ArrowType type) => type.Id switch
    {
        ArrowTypeId.Boolean => new(DuckDbType.Boolean),
        ArrowTypeId.Int8 => new(DuckDbType.TinyInt),
        ArrowTypeId.Int16 => new(DuckDbType.SmallInt),
        ArrowTypeId.Int32 => new(DuckDbType.Integer),
        ArrowTypeId.Int64 => new(DuckDbType.BigInt),
        ArrowTypeId.UInt8 => new(DuckDbType.UTinyInt),
        ArrowTypeId.UInt16 => new(DuckDbType.USmallInt),
        ArrowTypeId.UInt32 => new(DuckDbType.UInteger),
        ArrowTypeId.UInt64 => new(DuckDbType.UBigInt),
        ArrowTypeId.Float32 => new(DuckDbType.Float),
        ArrowTypeId.Float64 => new(DuckDbType.Double),
        ArrowTypeId.Decimal128 when type.Scale == 0 => new(DuckDbType.HugeInt),
        ArrowTypeId.Decimal128 when type.Precision is >= 1 and <= 38 && type.Scale <= type.Precision
            => new(DuckDbType.Decimal, (byte)type.Precision, (byte)type.Scale),
        ArrowTypeId.Utf8 => new(DuckDbType.Varchar),
        ArrowTypeId.Binary => new(DuckDbType.Blob),
        ArrowTypeId.Date32 or ArrowTypeId.Date64 => new(DuckDbType.Date),
        ArrowTypeId.Time32 or ArrowTypeId.Time64 => new(DuckDbType.Time),
        ArrowTypeId.Duration => new(DuckDbType.Interval),
        ArrowTypeId.Timestamp when type.TimeZone is null => new(DuckDbType.Timestamp),
        ArrowTypeId.Timestamp => new(DuckDbType.TimestampTz),
        ArrowTypeId.Interval when type.IntervalUnit == ArrowIntervalUnit.MonthDayNano => new(DuckDbType.Interval),
        ArrowTypeId.FixedSizeBinary when type.ByteWidth == 16 => new(DuckDbType.Uuid),
        ArrowTypeId.Null => new(DuckDbType.SqlNull),
        ArrowTypeId.List => DuckDbTypeSpec.ListOf(TypeOf(type.Children[0].Type)),
        _ => throw new NotSupportedException($"Arrow type {type} is not supported in LIST parameters."),
    };

    private static long Micros(ArrowTimeUnit unit, long value) => unit switch
    {
        ArrowTimeUnit.Second => checked(value * 1_000_000),
        ArrowTimeUnit.Millisecond => checked(value * 1_000),
        ArrowTimeUnit.Microsecond => value,
        _ => value / 1_000,
    };
}
