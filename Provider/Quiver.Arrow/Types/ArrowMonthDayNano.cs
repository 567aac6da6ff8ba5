namespace Quiver.Arrow;

/// <summary>A month-day-nanosecond interval: the three parts are independent, as in DuckDB's INTERVAL.</summary>
/// <param name="Months">Whole months.</param>
/// <param name="Days">Whole days.</param>
/// <param name="Nanoseconds">Nanoseconds.</param>
public readonly record struct ArrowMonthDayNano(int Months, int Days, long Nanoseconds);
