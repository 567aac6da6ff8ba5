using Quiver.Arrow;

namespace Quiver.Data.Types;

/// <summary>Converts Arrow time units to .NET ticks (100 ns).</summary>
internal static class TimeUnits
{
    public static long ToTicks(long value, ArrowTimeUnit unit) => unit switch
    {
        ArrowTimeUnit.Second => checked(value * TimeSpan.TicksPerSecond),
        ArrowTimeUnit.Millisecond => checked(value * TimeSpan.TicksPerMillisecond),
        ArrowTimeUnit.Microsecond => checked(value * TimeSpan.TicksPerMicrosecond),
        _ => value / 100,
    };

    public static long FromTicks(long ticks, ArrowTimeUnit unit) => unit switch
    {
        ArrowTimeUnit.Second => ticks / TimeSpan.TicksPerSecond,
        ArrowTimeUnit.Millisecond => ticks / TimeSpan.TicksPerMillisecond,
        ArrowTimeUnit.Microsecond => ticks / TimeSpan.TicksPerMicrosecond,
        _ => checked(ticks * 100),
    };
}

/// <summary>DATE (date32 days, or date64 milliseconds).</summary>
internal sealed class DateReader(string name, TypeMapping mapping) : ColumnReader(name, mapping, mapping.SqlName)
{
    private static readonly int EpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    private PrimitiveArray _values = null!;
    private bool _milliseconds;

    public override void Bind(ArrowArray array)
    {
        base.Bind(array);
        _values = (PrimitiveArray)array;
        _milliseconds = array.Type.Id == ArrowTypeId.Date64;
    }

    public override DateOnly GetDateOnly(int row)
    {
        var days = _milliseconds ? _values.GetValue<long>(row) / 86_400_000 : _values.GetValue<int>(row);
        try
        {
            return DateOnly.FromDayNumber(checked((int)(EpochDay + days)));
        }
        catch (Exception error) when (error is ArgumentOutOfRangeException or OverflowException)
        {
            throw DoesNotFit(typeof(DateOnly), $"day {days} from 1970-01-01", error);
        }
    }

    public override DateTime GetDateTime(int row) => GetDateOnly(row).ToDateTime(TimeOnly.MinValue);

    public override object GetValue(int row) => GetDateTime(row);
}

/// <summary>TIME and TIME_NS (time32/time64 of any unit).</summary>
internal sealed class TimeReader(string name, TypeMapping mapping, string dataTypeName) : ColumnReader(name, mapping, dataTypeName)
{
    private PrimitiveArray _values = null!;
    private ArrowTimeUnit _unit;

    public override void Bind(ArrowArray array)
    {
        base.Bind(array);
        _values = (PrimitiveArray)array;
        _unit = array.Type.Unit;
    }

    public override TimeSpan GetTimeSpan(int row)
    {
        var raw = _values.ByteWidth == 4 ? _values.GetValue<int>(row) : _values.GetValue<long>(row);
        return TimeSpan.FromTicks(TimeUnits.ToTicks(raw, _unit));
    }

    public override TimeOnly GetTimeOnly(int row)
    {
        var span = GetTimeSpan(row);
        // DuckDB allows 24:00:00, which TimeOnly cannot hold.
        return span.Ticks is >= 0 and < TimeSpan.TicksPerDay ? new TimeOnly(span.Ticks) : throw DoesNotFit(typeof(TimeOnly), span);
    }

    public override object GetValue(int row) => GetTimeSpan(row);
}

/// <summary>TIMESTAMP (any unit) without a zone, and TIMESTAMP WITH TIME ZONE (UTC).</summary>
internal sealed class TimestampReader(string name, TypeMapping mapping, string dataTypeName, bool utc) : ColumnReader(name, mapping, dataTypeName)
{
    private PrimitiveArray _values = null!;
    private ArrowTimeUnit _unit;

    public override void Bind(ArrowArray array)
    {
        base.Bind(array);
        _values = (PrimitiveArray)array;
        _unit = array.Type.Unit;
    }

    public override DateTime GetDateTime(int row)
    {
        var raw = _values.GetValue<long>(row);
        try
        {
            return new DateTime(checked(DateTime.UnixEpoch.Ticks + TimeUnits.ToTicks(raw, _unit)), utc ? DateTimeKind.Utc : DateTimeKind.Unspecified);
        }
        catch (Exception error) when (error is ArgumentOutOfRangeException or OverflowException)
        {
            throw DoesNotFit(typeof(DateTime), $"{raw} {_unit}s from 1970-01-01 (infinity or beyond year 9999)", error);
        }
    }

    public override DateTimeOffset GetDateTimeOffset(int row)
        => utc ? new DateTimeOffset(GetDateTime(row)) : throw new InvalidCastException(
            $"Column '{Name}' is {DataTypeName}, which has no time zone; read it as DateTime, or store TIMESTAMP WITH TIME ZONE.");

    public override object GetValue(int row) => GetDateTime(row);
}

/// <summary>INTERVAL (month-day-nano) and durations.</summary>
internal sealed class IntervalReader(string name, TypeMapping mapping) : ColumnReader(name, mapping, mapping.SqlName)
{
    private PrimitiveArray _values = null!;
    private bool _duration;
    private ArrowTimeUnit _unit;

    public override void Bind(ArrowArray array)
    {
        base.Bind(array);
        _values = (PrimitiveArray)array;
        _duration = array.Type.Id == ArrowTypeId.Duration;
        _unit = array.Type.Unit;
    }

    public override QuiverInterval GetInterval(int row)
    {
        if (_duration)
        {
            return QuiverInterval.FromTimeSpan(TimeSpan.FromTicks(TimeUnits.ToTicks(_values.GetValue<long>(row), _unit)));
        }

        var value = _values.GetMonthDayNano(row);
        return new QuiverInterval(value.Months, value.Days, value.Nanoseconds / 1000);
    }

    public override TimeSpan GetTimeSpan(int row) => GetInterval(row).ToTimeSpan();

    public override object GetValue(int row) => GetTimeSpan(row);
}
