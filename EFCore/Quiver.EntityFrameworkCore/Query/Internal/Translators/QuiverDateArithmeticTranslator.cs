using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Quiver.EntityFrameworkCore.Query.Internal.Translators;

/// <summary>
/// DateTime.Add* and DateOnly.Add* as DuckDB interval arithmetic. Fractional days, hours, minutes, seconds and
/// milliseconds are rounded to the microsecond, the precision of TIMESTAMP; whole years and months are calendar steps
/// (the last day of a shorter month, as in C#).
/// </summary>
public sealed class QuiverDateArithmeticTranslator(ISqlExpressionFactory sql) : IMethodCallTranslator
{
    private static readonly Dictionary<string, double> MicrosecondsPer = new()
    {
        [nameof(DateTime.AddDays)] = 86_400_000_000d,
        [nameof(DateTime.AddHours)] = 3_600_000_000d,
        [nameof(DateTime.AddMinutes)] = 60_000_000d,
        [nameof(DateTime.AddSeconds)] = 1_000_000d,
        [nameof(DateTime.AddMilliseconds)] = 1_000d,
    };

    /// <inheritdoc/>
    public SqlExpression? Translate(
        SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if (instance is null || arguments.Count != 1)
        {
            return null;
        }

        if (method.DeclaringType == typeof(DateOnly))
        {
            return method.Name switch
            {
                nameof(DateOnly.AddDays) => sql.Add(instance, sql.ApplyDefaultTypeMapping(arguments[0]), instance.TypeMapping),
                nameof(DateOnly.AddMonths) => CastToDate(instance, Function("to_months", arguments[0])),
                nameof(DateOnly.AddYears) => CastToDate(instance, Function("to_years", arguments[0])),
                _ => null,
            };
        }

        if (method.DeclaringType != typeof(DateTime))
        {
            return null;
        }

        SqlExpression? interval = method.Name switch
        {
            nameof(DateTime.AddYears) => Function("to_years", arguments[0]),
            nameof(DateTime.AddMonths) => Function("to_months", arguments[0]),
            nameof(DateTime.AddTicks) => Function("to_microseconds", sql.Divide(arguments[0], sql.Constant(TimeSpan.TicksPerMicrosecond))),
            _ when MicrosecondsPer.TryGetValue(method.Name, out var per) => Function("to_microseconds", sql.Convert(
                Function("round", sql.Multiply(arguments[0], sql.Constant(per)), typeof(double)), typeof(long))),
            _ => null,
        };
        return interval is null ? null : sql.Add(instance, interval, instance.TypeMapping);
    }

    private SqlExpression CastToDate(SqlExpression date, SqlExpression interval)
        => sql.Convert(sql.Add(date, interval, date.TypeMapping), typeof(DateOnly), date.TypeMapping);

    private SqlExpression Function(string name, SqlExpression argument, Type? type = null) => sql.Call(name, type ?? typeof(TimeSpan), null, argument);
}
