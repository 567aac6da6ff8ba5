namespace Quiver.Arrow.Tests;

/// <summary>Schemas covering every type Quiver reads and writes, flat and nested.</summary>
internal static class TestSchemas
{
    public static ArrowSchema Primitives { get; } = new(
        [
            new("null", ArrowType.Null), new("bool", ArrowType.Boolean),
            new("int8", ArrowType.Int8), new("int16", ArrowType.Int16), new("int32", ArrowType.Int32), new("int64", ArrowType.Int64),
            new("uint8", ArrowType.UInt8), new("uint16", ArrowType.UInt16), new("uint32", ArrowType.UInt32), new("uint64", ArrowType.UInt64),
            new("float32", ArrowType.Float32), new("float64", ArrowType.Float64),
            new("decimal_38_10", ArrowType.Decimal128(38, 10)), new("decimal_18_2", ArrowType.Decimal128(18, 2)), new("decimal_1_0", ArrowType.Decimal128(1, 0)),
            new("utf8", ArrowType.Utf8), new("large_utf8", ArrowType.LargeUtf8), new("binary", ArrowType.Binary), new("large_binary", ArrowType.LargeBinary),
            new("fixed_size_binary", ArrowType.FixedSizeBinary(16)), new("date32", ArrowType.Date32), new("date64", ArrowType.Date64),
            new("time_s", ArrowType.Time(ArrowTimeUnit.Second)), new("time_ms", ArrowType.Time(ArrowTimeUnit.Millisecond)),
            new("time_us", ArrowType.Time(ArrowTimeUnit.Microsecond)), new("time_ns", ArrowType.Time(ArrowTimeUnit.Nanosecond)),
            new("ts_s", ArrowType.Timestamp(ArrowTimeUnit.Second)), new("ts_ms", ArrowType.Timestamp(ArrowTimeUnit.Millisecond)),
            new("ts_us", ArrowType.Timestamp(ArrowTimeUnit.Microsecond)), new("ts_ns", ArrowType.Timestamp(ArrowTimeUnit.Nanosecond)),
            new("ts_ns_utc", ArrowType.Timestamp(ArrowTimeUnit.Nanosecond, "UTC")),
            new("ts_us_zone", ArrowType.Timestamp(ArrowTimeUnit.Microsecond, "Europe/Amsterdam")),
            new("ts_s_offset", ArrowType.Timestamp(ArrowTimeUnit.Second, "+05:30")),
            new("duration_s", ArrowType.Duration(ArrowTimeUnit.Second)), new("duration_ms", ArrowType.Duration(ArrowTimeUnit.Millisecond)),
            new("duration_us", ArrowType.Duration(ArrowTimeUnit.Microsecond)), new("duration_ns", ArrowType.Duration(ArrowTimeUnit.Nanosecond)),
            new("interval_ym", ArrowType.Interval(ArrowIntervalUnit.YearMonth)), new("interval_dt", ArrowType.Interval(ArrowIntervalUnit.DayTime)),
            new("interval_mdn", ArrowType.Interval(ArrowIntervalUnit.MonthDayNano)), new("not_null_int64", ArrowType.Int64, nullable: false),
        ],
        new Dictionary<string, string> { ["source"] = "Quiver cases", ["unicode"] = "Ünïcödé ✓" });

    public static ArrowSchema Nested { get; } = new(
    [
        new("list_int32", ArrowType.List(new("item", ArrowType.Int32))),
        new("large_list_utf8", ArrowType.LargeList(new("item", ArrowType.Utf8))),
        new("fixed_list_float64", ArrowType.FixedSizeList(new("item", ArrowType.Float64), 3)),
        new("struct", ArrowType.Struct(
            new("a", ArrowType.Int32), new("b", ArrowType.Utf8),
            new("c", ArrowType.Struct(new("d", ArrowType.Boolean), new("e", ArrowType.Timestamp(ArrowTimeUnit.Nanosecond, "UTC")))))),
        new("map_utf8_int64", ArrowType.Map(new("key", ArrowType.Utf8), new("value", ArrowType.Int64))),
        new("map_sorted", ArrowType.Map(new("key", ArrowType.Int32), new("value", ArrowType.Float64), keysSorted: true)),
        new("list_of_struct", ArrowType.List(new("item", ArrowType.Struct(new("x", ArrowType.Int64), new("y", ArrowType.LargeBinary))))),
        new("list_of_list", ArrowType.List(new("item", ArrowType.List(new("item", ArrowType.Decimal128(20, 3)))))),
        new("struct_of_lists", ArrowType.Struct(
            new("l", ArrowType.List(new("item", ArrowType.Interval(ArrowIntervalUnit.MonthDayNano)))), new("n", ArrowType.Null))),
    ]);
}
