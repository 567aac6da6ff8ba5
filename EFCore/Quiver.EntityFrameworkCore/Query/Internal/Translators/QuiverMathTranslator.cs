using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Quiver.EntityFrameworkCore.Query.Internal.Translators;

/// <summary>
/// Math methods as DuckDB functions. <c>Math.Round</c> rounds half to even, as C# does, with DuckDB's <c>round_even</c>.
/// </summary>
public sealed class QuiverMathTranslator(ISqlExpressionFactory sql) : IMethodCallTranslator
{
    private static readonly Dictionary<string, string> SameTypeFunctions = new()
    {
        [nameof(Math.Abs)] = "abs",
        [nameof(Math.Ceiling)] = "ceil",
        [nameof(Math.Floor)] = "floor",
        [nameof(Math.Truncate)] = "trunc",
        [nameof(Math.Max)] = "greatest",
        [nameof(Math.Min)] = "least",
    };

    private static readonly Dictionary<string, string> DoubleFunctions = new()
    {
        [nameof(Math.Sqrt)] = "sqrt",
        [nameof(Math.Pow)] = "pow",
        [nameof(Math.Exp)] = "exp",
        [nameof(Math.Log10)] = "log10",
        [nameof(Math.Sin)] = "sin",
        [nameof(Math.Cos)] = "cos",
        [nameof(Math.Tan)] = "tan",
        [nameof(Math.Atan2)] = "atan2",
    };

    /// <inheritdoc/>
    public SqlExpression? Translate(
        SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if (method.DeclaringType != typeof(Math) || arguments.Count == 0)
        {
            return null;
        }

        if (SameTypeFunctions.TryGetValue(method.Name, out var same))
        {
            return Function(same, method.ReturnType, arguments[0].TypeMapping, arguments);
        }

        if (method.Name == nameof(Math.Log) && arguments.Count == 1)
        {
            return Function("ln", typeof(double), null, arguments);
        }

        if (DoubleFunctions.TryGetValue(method.Name, out var fractional) && method.ReturnType == typeof(double))
        {
            return Function(fractional, typeof(double), null, arguments);
        }

        if (method.Name == nameof(Math.Sign))
        {
            return Function("sign", typeof(int), null, arguments);
        }

        if (method.Name == nameof(Math.Round))
        {
            return Round(method, arguments);
        }

        return null;
    }

    // C# rounds half to even unless told AwayFromZero; DuckDB's round is away from zero, round_even is to even but DOUBLE
    // only. So a decimal rounded to even is computed exactly: a value halfway between two integers goes to twice the
    // rounded half of it (2.5 -> 2 * round(1.25) = 2).
    private SqlExpression? Round(MethodInfo method, IReadOnlyList<SqlExpression> arguments)
    {
        var parameters = method.GetParameters();
        var awayFromZero = false;
        if (parameters[^1].ParameterType == typeof(MidpointRounding))
        {
            if (arguments[^1] is not SqlConstantExpression { Value: MidpointRounding mode }
                || mode is not (MidpointRounding.ToEven or MidpointRounding.AwayFromZero))
            {
                return null;
            }

            awayFromZero = mode == MidpointRounding.AwayFromZero;
            arguments = arguments.Take(arguments.Count - 1).ToList();
        }

        var value = arguments[0];
        var digits = arguments.Count == 2 ? arguments[1] : sql.Constant(0);
        if (awayFromZero)
        {
            return Function("round", method.ReturnType, value.TypeMapping, [value, digits]);
        }

        if (method.ReturnType != typeof(decimal))
        {
            return Function("round_even", method.ReturnType, value.TypeMapping, [value, digits]);
        }

        // At d digits the same is done on the value scaled by 10^d, multiplied back by 10^-d (both exact decimals):
        // the digits must be a constant for the scale factors to be.
        var scale = 0;
        if (arguments.Count == 2 && (digits is not SqlConstantExpression { Value: int d } || (scale = d) is < 0 or > 18))
        {
            return null;
        }

        var mapping = value.TypeMapping;
        var scaled = scale == 0 ? value : sql.Multiply(value, sql.Constant(Pow10(scale), mapping));
        var halfway = sql.Equal(
            Function("abs", typeof(decimal), mapping, [sql.Subtract(scaled, Function("trunc", typeof(decimal), mapping, [scaled]))]),
            sql.Constant(0.5m, mapping));
        SqlExpression doubledHalf = sql.Multiply(
            Function("round", typeof(decimal), mapping, [sql.Multiply(scaled, sql.Constant(0.5m, mapping))]),
            sql.Constant(2m, mapping));
        if (scale > 0)
        {
            doubledHalf = sql.Multiply(doubledHalf, sql.Constant(1m / Pow10(scale), mapping));
        }

        return sql.Case([new CaseWhenClause(halfway, doubledHalf)], Function("round", typeof(decimal), mapping, [value, sql.Constant(scale)]));
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private SqlExpression Function(string name, Type type, Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping? typeMapping, IReadOnlyList<SqlExpression> arguments)
        => sql.Call(name, type, typeMapping, [.. arguments]);
}
