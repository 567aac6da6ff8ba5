namespace Quiver.Data;

/// <summary>
/// A SQL INTERVAL: months, days and microseconds kept apart, because a month has no fixed length. Intervals without
/// months also read as <see cref="TimeSpan"/> (a day counted as 24 hours).
/// </summary>
/// <param name="Months">Whole months.</param>
/// <param name="Days">Whole days.</param>
/// <param name="Microseconds">The rest, in microseconds.</param>
public readonly record struct QuiverInterval(int Months, int Days, long Microseconds)
{
    /// <summary>The interval as a <see cref="TimeSpan"/>; <see cref="InvalidCastException"/> when it has months.</summary>
    public TimeSpan ToTimeSpan() => Months == 0
        ? TimeSpan.FromDays(Days) + TimeSpan.FromTicks(checked(Microseconds * TimeSpan.TicksPerMicrosecond))
        : throw new InvalidCastException($"The interval has {Months} month(s), which have no fixed length; read it as QuiverInterval instead of TimeSpan.");

    /// <summary>A month-free interval of the same length as <paramref name="value"/>.</summary>
    public static QuiverInterval FromTimeSpan(TimeSpan value) => new(0, 0, value.Ticks / TimeSpan.TicksPerMicrosecond);
}
