using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Quiver.EntityFrameworkCore.Query.Internal;

/// <summary>
/// SELECT in DuckDB's dialect, with C#'s semantics where DuckDB's differ: <c>//</c> for integer division (DuckDB's <c>/</c>
/// is always fractional), <c>||</c> to concatenate strings, <c>xor()</c> (DuckDB's <c>^</c> is a power), nulls first in
/// ascending order as in LINQ to Objects, and integer and decimal aggregates cast back to the type C# expects
/// (DuckDB sums integers into HUGEINT and averages decimals into DOUBLE; decimal sums stay DECIMAL(38,s)).
/// </summary>
public sealed class QuiverQuerySqlGenerator(QuerySqlGeneratorDependencies dependencies) : QuerySqlGenerator(dependencies)
{
    /// <inheritdoc/>
    protected override void GenerateLimitOffset(SelectExpression selectExpression)
    {
        if (selectExpression.Limit is not null)
        {
            Sql.AppendLine().Append("LIMIT ");
            Visit(selectExpression.Limit);
        }

        if (selectExpression.Offset is not null)
        {
            Sql.AppendLine().Append("OFFSET ");
            Visit(selectExpression.Offset);
        }
    }

    /// <inheritdoc/>
    protected override string GetOperator(SqlBinaryExpression binaryExpression) => binaryExpression.OperatorType switch
    {
        ExpressionType.Add when binaryExpression.Type == typeof(string) => " || ",
        ExpressionType.Divide when IsInteger(binaryExpression.Type) => " // ",
        _ => base.GetOperator(binaryExpression),
    };

    /// <inheritdoc/>
    protected override Expression VisitSqlBinary(SqlBinaryExpression sqlBinaryExpression)
    {
        if (sqlBinaryExpression.OperatorType != ExpressionType.ExclusiveOr)
        {
            return base.VisitSqlBinary(sqlBinaryExpression);
        }

        if (sqlBinaryExpression.Type == typeof(bool))
        {
            Sql.Append("(");
            Visit(sqlBinaryExpression.Left);
            Sql.Append(" <> ");
            Visit(sqlBinaryExpression.Right);
            Sql.Append(")");
        }
        else
        {
            Sql.Append("xor(");
            Visit(sqlBinaryExpression.Left);
            Sql.Append(", ");
            Visit(sqlBinaryExpression.Right);
            Sql.Append(")");
        }

        return sqlBinaryExpression;
    }

    /// <inheritdoc/>
    protected override Expression VisitOrdering(OrderingExpression orderingExpression)
    {
        var result = base.VisitOrdering(orderingExpression);
        Sql.Append(orderingExpression.IsAscending ? " NULLS FIRST" : " NULLS LAST");
        return result;
    }

    /// <inheritdoc/>
    protected override Expression VisitSqlFunction(SqlFunctionExpression sqlFunctionExpression)
    {
        if (!NeedsCastBack(sqlFunctionExpression))
        {
            return base.VisitSqlFunction(sqlFunctionExpression);
        }

        Sql.Append("CAST(");
        base.VisitSqlFunction(sqlFunctionExpression);
        Sql.Append(" AS ").Append(CastBackType(sqlFunctionExpression)).Append(")");
        return sqlFunctionExpression;
    }

    /// <inheritdoc/>
    protected override Expression VisitTableValuedFunction(TableValuedFunctionExpression tableValuedFunctionExpression)
    {
        if (tableValuedFunctionExpression is not { Name: QuiverQueryableMethodTranslatingExpressionVisitor.UnnestFunction, Schema: null, Arguments: [var list] })
        {
            return base.VisitTableValuedFunction(tableValuedFunctionExpression);
        }

        // A primitive collection: its elements and their positions under the names the query's columns use.
        Sql.Append("unnest(");
        Visit(list);
        Sql.Append(") WITH ORDINALITY")
            .Append(AliasSeparator)
            .Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(tableValuedFunctionExpression.Alias))
            .Append("(")
            .Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(QuiverQueryableMethodTranslatingExpressionVisitor.ValueColumn))
            .Append(", ")
            .Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(QuiverQueryableMethodTranslatingExpressionVisitor.OrdinalityColumn))
            .Append(")");
        return tableValuedFunctionExpression;
    }

    /// <inheritdoc/>
    protected override Expression VisitCrossApply(CrossApplyExpression crossApplyExpression)
    {
        Sql.Append("CROSS JOIN LATERAL ");
        Visit(crossApplyExpression.Table);
        return crossApplyExpression;
    }

    /// <inheritdoc/>
    protected override Expression VisitOuterApply(OuterApplyExpression outerApplyExpression)
    {
        Sql.Append("LEFT JOIN LATERAL ");
        Visit(outerApplyExpression.Table);
        Sql.Append(" ON TRUE");
        return outerApplyExpression;
    }

    private static bool NeedsCastBack(SqlFunctionExpression function)
    {
        if (!function.IsBuiltIn || function.TypeMapping is null)
        {
            return false;
        }

        var type = Nullable.GetUnderlyingType(function.Type) ?? function.Type;
        return (function.Name.Equals("SUM", StringComparison.OrdinalIgnoreCase) && IsInteger(type))
            || (function.Name.Equals("AVG", StringComparison.OrdinalIgnoreCase) && type == typeof(decimal));
    }

    // An integer sum goes back to its column's type (an overflow is DuckDB's cast error, as C#'s checked Sum throws);
    // a decimal average to the widest DECIMAL with at least ten fractional digits, since C#'s decimal average is exact.
    private static string CastBackType(SqlFunctionExpression function)
        => IsInteger(function.Type)
            ? function.TypeMapping!.StoreType
            : $"DECIMAL(38,{Math.Max(function.TypeMapping!.Scale ?? 0, Storage.Internal.QuiverTypeMappingSource.DefaultDecimalScale)})";

    private static bool IsInteger(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(sbyte)
            || type == typeof(byte) || type == typeof(ushort) || type == typeof(uint) || type == typeof(ulong);
    }
}

/// <summary>Creates <see cref="QuiverQuerySqlGenerator"/>s.</summary>
public sealed class QuiverQuerySqlGeneratorFactory(QuerySqlGeneratorDependencies dependencies) : IQuerySqlGeneratorFactory
{
    /// <inheritdoc/>
    public QuerySqlGenerator Create() => new QuiverQuerySqlGenerator(dependencies);
}
