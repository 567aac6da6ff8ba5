namespace Quiver.Server.Flight;

/// <summary>
/// SQL_SUPPORTS_CONVERT: which of Flight SQL's SqlSupportsConvert types DuckDB's CAST turns into which, by DuckDB's
/// cast rules: numbers (and BOOLEAN) into each other, anything into and out of text, binary into binary, intervals
/// into intervals, and the date/time types into the ones DuckDB defines casts for.
/// </summary>
internal static class FlightSqlConversions
{
    // SqlSupportsConvert values in FlightSql.proto.
    public const int Bigint = 0, Binary = 1, Bit = 2, Char = 3, Date = 4, Decimal = 5, Float = 6, Integer = 7;
    public const int IntervalDayTime = 8, IntervalYearMonth = 9, LongVarbinary = 10, LongVarchar = 11, Numeric = 12, Real = 13;
    public const int Smallint = 14, Time = 15, Timestamp = 16, Tinyint = 17, Varbinary = 18, Varchar = 19;

    private static readonly int[] Numbers = [Bigint, Bit, Decimal, Float, Integer, Numeric, Real, Smallint, Tinyint];
    private static readonly int[] Text = [Char, LongVarchar, Varchar];
    private static readonly int[] Binaries = [Binary, LongVarbinary, Varbinary];
    private static readonly int[] Intervals = [IntervalDayTime, IntervalYearMonth];
    private static readonly int[] All = [.. Enumerable.Range(0, 20)];

    public static readonly IReadOnlyDictionary<int, int[]> Supported = Build();

    private static Dictionary<int, int[]> Build()
    {
        var map = new Dictionary<int, int[]>();
        foreach (var number in Numbers)
        {
            map[number] = [.. Numbers, .. Text];
        }

        foreach (var text in Text)
        {
            map[text] = All;
        }

        foreach (var binary in Binaries)
        {
            map[binary] = [.. Binaries, .. Text];
        }

        foreach (var interval in Intervals)
        {
            map[interval] = [.. Intervals, .. Text];
        }

        map[Date] = [Date, Timestamp, .. Text];
        map[Time] = [Time, .. Text];
        map[Timestamp] = [Date, Time, Timestamp, .. Text];
        return map.ToDictionary(e => e.Key, e => e.Value.Order().ToArray());
    }
}
