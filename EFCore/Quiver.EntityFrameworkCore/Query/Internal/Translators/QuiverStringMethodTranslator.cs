using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Quiver.EntityFrameworkCore.Query.Internal.Translators;

/// <summary>
/// string methods as DuckDB functions. Positions are 0-based in C# and 1-based in DuckDB; <c>contains</c>,
/// <c>starts_with</c> and <c>suffix</c> match literally, so the argument needs no LIKE escaping.
/// </summary>
public sealed class QuiverStringMethodTranslator(ISqlExpressionFactory sql) : IMethodCallTranslator
{
    private static readonly MethodInfo Contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
    private static readonly MethodInfo StartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
    private static readonly MethodInfo EndsWith = typeof(string).GetMethod(nameof(string.EndsWith), [typeof(string)])!;
    private static readonly MethodInfo ToUpper = typeof(string).GetMethod(nameof(string.ToUpper), Type.EmptyTypes)!;
    private static readonly MethodInfo ToLower = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;
    private static readonly MethodInfo Trim = typeof(string).GetMethod(nameof(string.Trim), Type.EmptyTypes)!;
    private static readonly MethodInfo TrimStart = typeof(string).GetMethod(nameof(string.TrimStart), Type.EmptyTypes)!;
    private static readonly MethodInfo TrimEnd = typeof(string).GetMethod(nameof(string.TrimEnd), Type.EmptyTypes)!;
    private static readonly MethodInfo Replace = typeof(string).GetMethod(nameof(string.Replace), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo IndexOf = typeof(string).GetMethod(nameof(string.IndexOf), [typeof(string)])!;
    private static readonly MethodInfo Substring1 = typeof(string).GetMethod(nameof(string.Substring), [typeof(int)])!;
    private static readonly MethodInfo Substring2 = typeof(string).GetMethod(nameof(string.Substring), [typeof(int), typeof(int)])!;
    private static readonly MethodInfo IsNullOrEmpty = typeof(string).GetMethod(nameof(string.IsNullOrEmpty), [typeof(string)])!;
    private static readonly MethodInfo IsNullOrWhiteSpace = typeof(string).GetMethod(nameof(string.IsNullOrWhiteSpace), [typeof(string)])!;

    /// <inheritdoc/>
    public SqlExpression? Translate(
        SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if (method == IsNullOrEmpty)
        {
            return sql.OrElse(sql.IsNull(arguments[0]), sql.Equal(arguments[0], sql.Constant(string.Empty)));
        }

        if (method == IsNullOrWhiteSpace)
        {
            return sql.OrElse(sql.IsNull(arguments[0]), sql.Equal(Function("trim", typeof(string), arguments[0]), sql.Constant(string.Empty)));
        }

        if (instance is null || method.DeclaringType != typeof(string))
        {
            return null;
        }

        if (method == Contains)
        {
            return Function("contains", typeof(bool), instance, arguments[0]);
        }

        if (method == StartsWith)
        {
            return Function("starts_with", typeof(bool), instance, arguments[0]);
        }

        if (method == EndsWith)
        {
            return Function("suffix", typeof(bool), instance, arguments[0]);
        }

        if (method == ToUpper || method == ToLower || method == Trim || method == TrimStart || method == TrimEnd)
        {
            var name = method == ToUpper ? "upper" : method == ToLower ? "lower" : method == Trim ? "trim" : method == TrimStart ? "ltrim" : "rtrim";
            return Function(name, typeof(string), instance);
        }

        if (method == Replace)
        {
            return Function("replace", typeof(string), instance, arguments[0], arguments[1]);
        }

        if (method == IndexOf)
        {
            return sql.Subtract(Function("strpos", typeof(int), instance, arguments[0]), sql.Constant(1));
        }

        if (method == Substring1)
        {
            return Function("substring", typeof(string), instance, sql.Add(arguments[0], sql.Constant(1)));
        }

        if (method == Substring2)
        {
            return Function("substring", typeof(string), instance, sql.Add(arguments[0], sql.Constant(1)), arguments[1]);
        }

        return null;
    }

    private SqlExpression Function(string name, Type type, params SqlExpression[] arguments)
        => sql.Call(name, type, type == typeof(string) ? arguments[0].TypeMapping : null, arguments);
}
