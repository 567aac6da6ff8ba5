using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Quiver.EntityFrameworkCore.Query.Internal.Translators;

/// <summary>
/// <c>string.Join(separator, group.Select(...))</c> and <c>string.Concat(group.Select(...))</c> over a group, as DuckDB's
/// <c>string_agg</c>, with C#'s semantics: a null element joins as an empty string and an empty group gives "". The
/// elements come in the source's order when it is ordered (<c>string_agg(x, sep ORDER BY ...)</c>), else in no particular
/// order; a distinct source joins each value once.
/// </summary>
public sealed class QuiverStringAggregateTranslator(ISqlExpressionFactory sql) : IAggregateMethodCallTranslator
{
    private static readonly MethodInfo Join = typeof(string).GetMethod(nameof(string.Join), [typeof(string), typeof(IEnumerable<string>)])!;
    private static readonly MethodInfo Concat = typeof(string).GetMethod(nameof(string.Concat), [typeof(IEnumerable<string>)])!;

    /// <inheritdoc/>
    public SqlExpression? Translate(
        MethodInfo method, EnumerableExpression source, IReadOnlyList<SqlExpression> arguments, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if ((method != Join && method != Concat) || source.Selector is not SqlExpression selector)
        {
            return null;
        }

        var mapping = selector.TypeMapping;
        SqlExpression element = sql.Coalesce(selector, sql.Constant(string.Empty, mapping), mapping);
        if (source.Predicate is not null)
        {
            element = sql.Case([new CaseWhenClause(source.Predicate, element)], elseResult: null);
        }

        var separator = method == Join ? sql.ApplyDefaultTypeMapping(arguments[0]) : sql.Constant(string.Empty, mapping);
        SqlExpression joined = source.Orderings.Count == 0 && !source.IsDistinct
            ? sql.Function("string_agg", [element, separator], nullable: true, argumentsPropagateNullability: [false, false], typeof(string), mapping)
            : new QuiverAggregateFunctionExpression("string_agg", [element, separator], source.IsDistinct, source.Orderings, typeof(string), mapping);
        return sql.Coalesce(joined, sql.Constant(string.Empty, mapping), mapping);
    }
}
