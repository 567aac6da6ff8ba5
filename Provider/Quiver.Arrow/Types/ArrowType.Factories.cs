namespace Quiver.Arrow;

public sealed partial class ArrowType
{
    /// <summary>The null type.</summary>
    public static ArrowType Null { get; } = new(ArrowTypeId.Null, 0);

    /// <summary>Boolean.</summary>
    public static ArrowType Boolean { get; } = new(ArrowTypeId.Boolean, 0);

    /// <summary>Signed 8-bit integer.</summary>
    public static ArrowType Int8 { get; } = new(ArrowTypeId.Int8, 1);

    /// <summary>Signed 16-bit integer.</summary>
    public static ArrowType Int16 { get; } = new(ArrowTypeId.Int16, 2);

    /// <summary>Signed 32-bit integer.</summary>
    public static ArrowType Int32 { get; } = new(ArrowTypeId.Int32, 4);

    /// <summary>Signed 64-bit integer.</summary>
    public static ArrowType Int64 { get; } = new(ArrowTypeId.Int64, 8);

    /// <summary>Unsigned 8-bit integer.</summary>
    public static ArrowType UInt8 { get; } = new(ArrowTypeId.UInt8, 1);

    /// <summary>Unsigned 16-bit integer.</summary>
    public static ArrowType UInt16 { get; } = new(ArrowTypeId.UInt16, 2);

    /// <summary>Unsigned 32-bit integer.</summary>
    public static ArrowType UInt32 { get; } = new(ArrowTypeId.UInt32, 4);

    /// <summary>Unsigned 64-bit integer.</summary>
    public static ArrowType UInt64 { get; } = new(ArrowTypeId.UInt64, 8);

    /// <summary>Single-precision floating point.</summary>
    public static ArrowType Float32 { get; } = new(ArrowTypeId.Float32, 4);

    /// <summary>Double-precision floating point.</summary>
    public static ArrowType Float64 { get; } = new(ArrowTypeId.Float64, 8);

    /// <summary>UTF-8 strings with 32-bit offsets.</summary>
    public static ArrowType Utf8 { get; } = new(ArrowTypeId.Utf8, 0);

    /// <summary>UTF-8 strings with 64-bit offsets.</summary>
    public static ArrowType LargeUtf8 { get; } = new(ArrowTypeId.LargeUtf8, 0);

    /// <summary>Byte strings with 32-bit offsets.</summary>
    public static ArrowType Binary { get; } = new(ArrowTypeId.Binary, 0);

    /// <summary>Byte strings with 64-bit offsets.</summary>
    public static ArrowType LargeBinary { get; } = new(ArrowTypeId.LargeBinary, 0);

    /// <summary>Days since the Unix epoch.</summary>
    public static ArrowType Date32 { get; } = new(ArrowTypeId.Date32, 4);

    /// <summary>Milliseconds since the Unix epoch (whole days).</summary>
    public static ArrowType Date64 { get; } = new(ArrowTypeId.Date64, 8);

    /// <summary>A decimal of the given precision (1-38) and scale (0-precision), stored as 128-bit integers.</summary>
    public static ArrowType Decimal128(int precision, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, 38);
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, precision);
        return new ArrowType(ArrowTypeId.Decimal128, 16) { Precision = precision, Scale = scale };
    }

    /// <summary>Byte strings of exactly <paramref name="byteWidth"/> bytes.</summary>
    public static ArrowType FixedSizeBinary(int byteWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(byteWidth, 1);
        return new ArrowType(ArrowTypeId.FixedSizeBinary, byteWidth);
    }

    /// <summary>Time of day: 32-bit for seconds and milliseconds, 64-bit for microseconds and nanoseconds.</summary>
    public static ArrowType Time(ArrowTimeUnit unit)
    {
        CheckUnit(unit);
        return unit <= ArrowTimeUnit.Millisecond
            ? new ArrowType(ArrowTypeId.Time32, 4) { Unit = unit }
            : new ArrowType(ArrowTypeId.Time64, 8) { Unit = unit };
    }

    /// <summary>A timestamp; <paramref name="timeZone"/> null means a local (zone-less) timestamp.</summary>
    public static ArrowType Timestamp(ArrowTimeUnit unit, string? timeZone = null)
    {
        CheckUnit(unit);
        return new ArrowType(ArrowTypeId.Timestamp, 8) { Unit = unit, TimeZone = timeZone };
    }

    /// <summary>An elapsed time.</summary>
    public static ArrowType Duration(ArrowTimeUnit unit)
    {
        CheckUnit(unit);
        return new ArrowType(ArrowTypeId.Duration, 8) { Unit = unit };
    }

    /// <summary>A calendar interval.</summary>
    public static ArrowType Interval(ArrowIntervalUnit unit) => unit switch
    {
        ArrowIntervalUnit.YearMonth => new ArrowType(ArrowTypeId.Interval, 4) { IntervalUnit = unit },
        ArrowIntervalUnit.DayTime => new ArrowType(ArrowTypeId.Interval, 8) { IntervalUnit = unit },
        ArrowIntervalUnit.MonthDayNano => new ArrowType(ArrowTypeId.Interval, 16) { IntervalUnit = unit },
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown interval unit."),
    };

    /// <summary>A list of <paramref name="item"/> values with 32-bit offsets.</summary>
    public static ArrowType List(ArrowField item) => new(ArrowTypeId.List, 0, [item ?? throw new ArgumentNullException(nameof(item))]);

    /// <summary>A list of <paramref name="item"/> values with 64-bit offsets.</summary>
    public static ArrowType LargeList(ArrowField item) => new(ArrowTypeId.LargeList, 0, [item ?? throw new ArgumentNullException(nameof(item))]);

    /// <summary>Lists of exactly <paramref name="listSize"/> values.</summary>
    public static ArrowType FixedSizeList(ArrowField item, int listSize)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentOutOfRangeException.ThrowIfNegative(listSize);
        return new ArrowType(ArrowTypeId.FixedSizeList, 0, [item]) { ListSize = listSize };
    }

    /// <summary>A struct of the given fields.</summary>
    public static ArrowType Struct(params IReadOnlyList<ArrowField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new ArrowType(ArrowTypeId.Struct, 0, [.. fields]);
    }

    /// <summary>A map; entries are a non-nullable struct named "entries" of a non-nullable key and a value.</summary>
    public static ArrowType Map(ArrowField key, ArrowField value, bool keysSorted = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var entries = new ArrowField("entries", Struct(key.WithNullable(false), value), nullable: false);
        return MapOf(entries, keysSorted);
    }

    internal static ArrowType MapOf(ArrowField entries, bool keysSorted)
        => new(ArrowTypeId.Map, 0, [entries]) { KeysSorted = keysSorted };

    private static void CheckUnit(ArrowTimeUnit unit)
    {
        if (unit is < ArrowTimeUnit.Second or > ArrowTimeUnit.Nanosecond)
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit.");
        }
    }
}
