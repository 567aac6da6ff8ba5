using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Quiver.EntityFrameworkCore.Query.Internal.Translators;

/// <summary>The <c>EF.Functions</c> extensions of <see cref="QuiverDbFunctionsExtensions"/> as DuckDB functions.</summary>
public sealed class QuiverFunctionsTranslator(ISqlExpressionFactory sql) : IMethodCallTranslator
{
    /// <inheritdoc/>
    public SqlExpression? Translate(
        SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if (method.DeclaringType != typeof(QuiverDbFunctionsExtensions))
        {
            return null;
        }

        // arguments[0] is the EF.Functions instance.
        var values = arguments.Skip(1).ToArray();
        return method.Name switch
        {
            nameof(QuiverDbFunctionsExtensions.ILike) => Function("ilike_escape",
                values.Length == 2 ? [values[0], values[1], sql.Constant(string.Empty)] : values, typeof(bool)),
            nameof(QuiverDbFunctionsExtensions.RegexpMatches) => Function("regexp_matches", values, typeof(bool)),
            nameof(QuiverDbFunctionsExtensions.DateDiff) => Function("date_diff", values, typeof(long)),
            _ => null,
        };
    }

    private SqlExpression Function(string name, SqlExpression[] arguments, Type type) => sql.Call(name, type, null, arguments);
}
