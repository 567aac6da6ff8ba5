using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Quiver.EntityFrameworkCore.Query.Internal.Translators;

/// <summary>
/// <c>Regex.IsMatch(input, pattern)</c> as DuckDB's <c>regexp_matches</c> (RE2 syntax: no backreferences or
/// lookaround, which .NET patterns may use; such a pattern is DuckDB's error). With RegexOptions, only IgnoreCase
/// (the <c>'i'</c> flag) and None translate.
/// </summary>
public sealed class QuiverRegexTranslator(ISqlExpressionFactory sql) : IMethodCallTranslator
{
    private static readonly MethodInfo IsMatch = typeof(Regex).GetMethod(nameof(Regex.IsMatch), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo IsMatchWithOptions =
        typeof(Regex).GetMethod(nameof(Regex.IsMatch), [typeof(string), typeof(string), typeof(RegexOptions)])!;

    /// <inheritdoc/>
    public SqlExpression? Translate(
        SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if (method != IsMatch && method != IsMatchWithOptions)
        {
            return null;
        }

        var values = new List<SqlExpression> { sql.ApplyDefaultTypeMapping(arguments[0]), sql.ApplyDefaultTypeMapping(arguments[1]) };
        if (method == IsMatchWithOptions)
        {
            if (arguments[2] is not SqlConstantExpression { Value: RegexOptions options } || (options & ~RegexOptions.IgnoreCase) != 0)
            {
                return null;
            }

            if (options == RegexOptions.IgnoreCase)
            {
                values.Add(sql.Constant("i"));
            }
        }

        return sql.Function("regexp_matches", values, nullable: true, argumentsPropagateNullability: values.Select(_ => true), typeof(bool));
    }
}
