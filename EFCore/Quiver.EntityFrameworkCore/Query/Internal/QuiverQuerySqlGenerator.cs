using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

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
        if (tableValuedFunctionExpression is QuiverJsonEachExpression jsonEach)
        {
            GenerateJsonEach(jsonEach);
            return jsonEach;
        }

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

    /// <inheritdoc/>
    protected override Expression VisitExtension(Expression extensionExpression)
    {
        if (extensionExpression is not QuiverAggregateFunctionExpression aggregate)
        {
            return base.VisitExtension(extensionExpression);
        }

        Sql.Append(aggregate.Name).Append("(");
        if (aggregate.IsDistinct)
        {
            Sql.Append("DISTINCT ");
        }

        GenerateList(aggregate.Arguments, a => Visit(a));
        if (aggregate.Orderings.Count > 0)
        {
            Sql.Append(" ORDER BY ");
            GenerateList(aggregate.Orderings, o => Visit(o));
        }

        Sql.Append(")");
        return aggregate;
    }

    private void GenerateList<T>(IReadOnlyList<T> items, Action<T> generate)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                Sql.Append(", ");
            }

            generate(items[i]);
        }
    }

    /// <inheritdoc/>
    protected override Expression VisitJsonScalar(JsonScalarExpression jsonScalarExpression)
    {
        if (jsonScalarExpression.Path.Count == 0)
        {
            Visit(jsonScalarExpression.Json);
        }
        else
        {
            GenerateJsonValue(() => Visit(jsonScalarExpression.Json), jsonScalarExpression.Path, jsonScalarExpression.TypeMapping);
        }

        return jsonScalarExpression;
    }

    // The value at a path of a JSON document: a sub-document (an object, or a collection) stays JSON (->); a string is
    // the text (->>); anything else is its JSON text cast to the column type, as EF writes values into documents
    // (numbers and booleans bare, dates and GUIDs as ISO strings, binary as base64).
    private void GenerateJsonValue(Action json, IReadOnlyList<PathSegment> path, RelationalTypeMapping? mapping)
    {
        var document = mapping is Storage.Internal.Mapping.QuiverJsonTypeMapping || mapping?.ElementTypeMapping is not null;
        var clrType = mapping?.Converter?.ProviderClrType ?? mapping?.ClrType;
        var cast = !document && clrType != typeof(string) && clrType != typeof(byte[]) && mapping is not null;
        if (cast)
        {
            Sql.Append("CAST(");
        }
        else if (!document && clrType == typeof(byte[]))
        {
            Sql.Append("from_base64(");
        }

        Sql.Append("(");
        json();
        Sql.Append(document ? " -> " : " ->> ");
        GenerateJsonPath(path);
        Sql.Append(")");
        if (cast)
        {
            Sql.Append(" AS ").Append(mapping!.StoreType).Append(")");
        }
        else if (!document && clrType == typeof(byte[]))
        {
            Sql.Append(")");
        }
    }

    // A JSON path such as '$."Orders"[2]."Total"'; an index that is not a constant is spliced into the path's text.
    private void GenerateJsonPath(IReadOnlyList<PathSegment> path)
    {
        var spliced = path.Any(p => p.ArrayIndex is not null and not SqlConstantExpression);
        if (spliced)
        {
            Sql.Append("(");
        }

        Sql.Append("'$");
        foreach (var segment in path)
        {
            if (segment.PropertyName is { } name)
            {
                Sql.Append(".\"").Append(name.Replace("'", "''", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"");
            }
            else if (segment.ArrayIndex is SqlConstantExpression { Value: var index })
            {
                Sql.Append("[").Append(Convert.ToString(index, System.Globalization.CultureInfo.InvariantCulture)!).Append("]");
            }
            else
            {
                Sql.Append("[' || CAST(");
                Visit(segment.ArrayIndex!);
                Sql.Append(" AS VARCHAR) || ']");
            }
        }

        Sql.Append("'");
        if (spliced)
        {
            Sql.Append(")");
        }
    }

    // (SELECT CAST(e."key" AS INTEGER) AS "key", <value at each column's path> AS "<column>", ... FROM json_each(<json>) AS e
    //  WHERE e."key" IS NOT NULL) AS "<alias>": json_each gives one row of key NULL for a JSON null, which is no element.
    private void GenerateJsonEach(QuiverJsonEachExpression jsonEach)
    {
        var helper = Dependencies.SqlGenerationHelper;
        var each = helper.DelimitIdentifier(jsonEach.Alias + "_each");
        Sql.Append("(SELECT CAST(").Append(each).Append(".").Append(helper.DelimitIdentifier(QuiverJsonEachExpression.KeyColumn))
            .Append(" AS INTEGER) AS ").Append(helper.DelimitIdentifier(QuiverJsonEachExpression.KeyColumn));
        foreach (var column in jsonEach.Columns)
        {
            Sql.Append(", ");
            GenerateJsonValue(() => Sql.Append(each).Append(".\"value\""), column.Path, column.TypeMapping);
            Sql.Append(" AS ").Append(helper.DelimitIdentifier(column.Name));
        }

        Sql.Append(" FROM ").Append(QuiverJsonEachExpression.FunctionName).Append("(");
        Visit(jsonEach.Json);
        Sql.Append(") AS ").Append(each)
            .Append(" WHERE ").Append(each).Append(".").Append(helper.DelimitIdentifier(QuiverJsonEachExpression.KeyColumn)).Append(" IS NOT NULL)")
            .Append(AliasSeparator).Append(helper.DelimitIdentifier(jsonEach.Alias));
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
