using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Quiver.EntityFrameworkCore.Query.Internal.Translators;

/// <summary>A call of a DuckDB function that is NULL when any argument is, as the translators write them.</summary>
internal static class SqlFunctionCalls
{
    public static SqlExpression Call(
        this ISqlExpressionFactory sql, string name, Type type, RelationalTypeMapping? typeMapping, params SqlExpression[] arguments)
    {
        var applied = arguments.Select(a => sql.ApplyDefaultTypeMapping(a)).ToArray();
        return sql.Function(name, applied, nullable: true, argumentsPropagateNullability: applied.Select(_ => true).ToArray(), type, typeMapping);
    }
}
