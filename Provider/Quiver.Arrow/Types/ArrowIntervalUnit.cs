namespace Quiver.Arrow;

/// <summary>The layout of an interval value (Schema.fbs IntervalUnit).</summary>
public enum ArrowIntervalUnit : short
{
    /// <summary>A 32-bit count of months.</summary>
    YearMonth = 0,

    /// <summary>32-bit days and 32-bit milliseconds.</summary>
    DayTime = 1,

    /// <summary>32-bit months, 32-bit days and 64-bit nanoseconds (DuckDB's INTERVAL).</summary>
    MonthDayNano = 2,
}
