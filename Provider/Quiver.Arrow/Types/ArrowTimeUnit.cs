namespace Quiver.Arrow;

/// <summary>The unit of a time, timestamp or duration value (Schema.fbs TimeUnit).</summary>
public enum ArrowTimeUnit : short
{
    /// <summary>Seconds.</summary>
    Second = 0,

    /// <summary>Milliseconds.</summary>
    Millisecond = 1,

    /// <summary>Microseconds.</summary>
    Microsecond = 2,

    /// <summary>Nanoseconds.</summary>
    Nanosecond = 3,
}
