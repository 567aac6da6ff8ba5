using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Quiver.EntityFrameworkCore.Query.Internal.Translators;

/// <summary>
/// string.Length, TimeSpan's Total* lengths and components, the parts of DateTime, DateTimeOffset, DateOnly and TimeOnly
/// values as DuckDB's <c>length</c> and <c>date_part</c>, and DateTime.Now/UtcNow/Today and DateTimeOffset.Now/UtcNow
/// as the transaction's start time (DuckDB's <c>now()</c>, as PostgreSQL's). A DateTimeOffset's parts are those of its
/// UTC instant, since the server keeps TIMESTAMPTZ in UTC.
/// </summary>
public sealed class QuiverMemberTranslator(ISqlExpressionFactory sql) : IMemberTranslator
{
    private static readonly Dictionary<string, string> Parts = new()
    {
        [nameof(DateTime.Year)] = "year",
        [nameof(DateTime.Month)] = "month",
        [nameof(DateTime.Day)] = "day",
        [nameof(DateTime.Hour)] = "hour",
        [nameof(DateTime.Minute)] = "minute",
        [nameof(DateTime.Second)] = "second",
        [nameof(DateTime.DayOfYear)] = "doy",
        [nameof(DateTime.DayOfWeek)] = "dow",
    };

    /// <inheritdoc/>
    public SqlExpression? Translate(
        SqlExpression? instance, MemberInfo member, Type returnType, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        var declaring = member.DeclaringType;
        if (instance is null)
        {
            return Clock(declaring, member.Name);
        }

        if (declaring == typeof(string) && member.Name == nameof(string.Length))
        {
            return Function("length", typeof(int), instance);
        }

        if (declaring == typeof(TimeSpan))
        {
            return TimeSpanTotal(member.Name, instance) ?? TimeSpanComponent(member.Name, instance);
        }

        if (declaring != typeof(DateTime) && declaring != typeof(DateOnly) && declaring != typeof(TimeOnly) && declaring != typeof(DateTimeOffset))
        {
            return null;
        }

        if (member.Name == nameof(DateTime.Millisecond))
        {
            // date_part('millisecond') counts the seconds too (0..59999)
            return sql.Modulo(DatePart("millisecond", instance, typeof(int)), sql.Constant(1000));
        }

        if (member.Name == nameof(DateTime.Date) && declaring == typeof(DateTime))
        {
            return sql.Function("date_trunc", [sql.Constant("day"), instance], nullable: true, argumentsPropagateNullability: [false, true],
                typeof(DateTime), instance.TypeMapping);
        }

        if (Parts.TryGetValue(member.Name, out var part))
        {
            var value = DatePart(part, instance, member.Name == nameof(DateTime.DayOfWeek) ? typeof(DayOfWeek) : typeof(int));
            return value;
        }

        return null;
    }

    // DateTime.Now is the session's local time (its TimeZone setting, UTC unless set); the others are instants.
    private SqlExpression? Clock(Type? declaring, string member) => (declaring?.Name, member) switch
    {
        (nameof(DateTime), nameof(DateTime.Now)) => Niladic("current_localtimestamp", typeof(DateTime)),
        (nameof(DateTime), nameof(DateTime.UtcNow)) => sql.Function(
            "timezone", [sql.Constant("UTC"), Niladic("now", typeof(DateTimeOffset))], nullable: false, argumentsPropagateNullability: [false, false], typeof(DateTime)),
        (nameof(DateTime), nameof(DateTime.Today)) => sql.Convert(sql.Convert(Niladic("current_localtimestamp", typeof(DateTime)), typeof(DateOnly)), typeof(DateTime)),
        (nameof(DateTimeOffset), nameof(DateTimeOffset.Now) or nameof(DateTimeOffset.UtcNow)) => Niladic("now", typeof(DateTimeOffset)),
        _ => null,
    };

    private SqlExpression Niladic(string name, Type type)
        => sql.Function(name, [], nullable: false, argumentsPropagateNullability: [], type);

    // TimeSpan's components, from the interval's whole length in microseconds: DuckDB's `//` and `%` truncate toward zero,
    // as C#'s do, so a negative TimeSpan's components are negative, as TimeSpan's are.
    private SqlExpression? TimeSpanComponent(string member, SqlExpression instance)
    {
        (long Per, long? Modulo)? unit = member switch
        {
            nameof(TimeSpan.Days) => (86_400_000_000, null),
            nameof(TimeSpan.Hours) => (3_600_000_000, 24),
            nameof(TimeSpan.Minutes) => (60_000_000, 60),
            nameof(TimeSpan.Seconds) => (1_000_000, 60),
            nameof(TimeSpan.Milliseconds) => (1_000, 1_000),
            _ => null,
        };
        if (unit is not { } u)
        {
            return null;
        }

        var value = sql.Divide(Function("epoch_us", typeof(long), instance), sql.Constant(u.Per));
        return sql.Convert(u.Modulo is { } modulo ? sql.Modulo(value, sql.Constant(modulo)) : value, typeof(int));
    }

    // epoch() of an INTERVAL is its length in seconds, as a DOUBLE.
    private SqlExpression? TimeSpanTotal(string member, SqlExpression instance)
    {
        double? secondsPerUnit = member switch
        {
            nameof(TimeSpan.TotalDays) => 86_400,
            nameof(TimeSpan.TotalHours) => 3_600,
            nameof(TimeSpan.TotalMinutes) => 60,
            nameof(TimeSpan.TotalSeconds) => 1,
            nameof(TimeSpan.TotalMilliseconds) => 0.001,
            _ => null,
        };
        return secondsPerUnit is { } per
            ? sql.Divide(Function("epoch", typeof(double), instance), sql.Constant(per))
            : null;
    }

    private SqlExpression DatePart(string part, SqlExpression instance, Type type)
        => sql.Function("date_part", [sql.Constant(part), instance], nullable: true, argumentsPropagateNullability: [false, true], type);

    private SqlExpression Function(string name, Type type, SqlExpression argument) => sql.Call(name, type, null, argument);
}
