using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Quiver.EntityFrameworkCore.Query.Internal;

/// <summary>
/// Queries over primitive collections (a LIST column, or a collection parameter) as a table of their elements:
/// <c>unnest(list) WITH ORDINALITY AS t(value, ordinality)</c>, ordered by position, so that every LINQ operator that
/// composes over a subquery (Contains, Count, Any, Where, ElementAt, OrderBy, ...) works on them.
/// </summary>
public sealed class QuiverQueryableMethodTranslatingExpressionVisitor : RelationalQueryableMethodTranslatingExpressionVisitor
{
    /// <summary>The function that turns a list into rows.</summary>
    public const string UnnestFunction = "unnest";

    /// <summary>The element column of an unnested list.</summary>
    public const string ValueColumn = "value";

    /// <summary>The 1-based position column of an unnested list.</summary>
    public const string OrdinalityColumn = "ordinality";

    private readonly IRelationalTypeMappingSource _typeMappings;
    private readonly SqlAliasManager _aliases;

    /// <summary>Creates the visitor for a query.</summary>
    public QuiverQueryableMethodTranslatingExpressionVisitor(
        QueryableMethodTranslatingExpressionVisitorDependencies dependencies,
        RelationalQueryableMethodTranslatingExpressionVisitorDependencies relationalDependencies,
        RelationalQueryCompilationContext queryCompilationContext)
        : base(dependencies, relationalDependencies, queryCompilationContext)
    {
        _typeMappings = relationalDependencies.TypeMappingSource;
        _aliases = queryCompilationContext.SqlAliasManager;
    }

    private QuiverQueryableMethodTranslatingExpressionVisitor(QuiverQueryableMethodTranslatingExpressionVisitor parent)
        : base(parent)
    {
        _typeMappings = parent._typeMappings;
        _aliases = parent._aliases;
    }

    /// <inheritdoc/>
    protected override QueryableMethodTranslatingExpressionVisitor CreateSubqueryVisitor() => new QuiverQueryableMethodTranslatingExpressionVisitor(this);

    /// <inheritdoc/>
    protected override ShapedQueryExpression? TranslatePrimitiveCollection(SqlExpression sqlExpression, IProperty? property, string tableAlias)
    {
        var elementType = ElementTypeOf(sqlExpression.Type);
        if (elementType is null)
        {
            return null;
        }

        var underlying = Nullable.GetUnderlyingType(elementType) ?? elementType;
        var nullableType = elementType.IsValueType && underlying == elementType ? typeof(Nullable<>).MakeGenericType(elementType) : elementType;

        // A collection parameter has no mapping of its own: it gets its CLR type's LIST mapping (DuckDB casts the elements
        // where the query compares them with another type).
        if (sqlExpression is SqlParameterExpression { TypeMapping: null } parameter)
        {
            if (_typeMappings.FindMapping(parameter.Type) is not { ElementTypeMapping: not null } listMapping)
            {
                AddTranslationErrorDetails(
                    $"A collection parameter of type {parameter.Type.Name} cannot be sent as a LIST: use an array or List<T> of a type docs/efcore.md lists for primitive collections.");
                return null;
            }

            sqlExpression = parameter.ApplyTypeMapping(listMapping);
        }

        var elementMapping = (RelationalTypeMapping?)sqlExpression.TypeMapping?.ElementTypeMapping;
        var ordinalityMapping = _typeMappings.FindMapping(typeof(long))!;
        var unnest = new TableValuedFunctionExpression(tableAlias, UnnestFunction, [sqlExpression]);
        // A property knows whether its elements may be NULL; a parameter only has its CLR type.
        var elementNullable = property?.GetElementType()?.IsNullable ?? (!elementType.IsValueType || underlying != elementType);
#pragma warning disable EF1001 // SelectExpression's constructor for a table of one column is internal API, used as EF's own providers do.
        var select = new SelectExpression(
            [unnest],
            new ColumnExpression(ValueColumn, tableAlias, underlying, elementMapping, elementNullable),
            [(new ColumnExpression(OrdinalityColumn, tableAlias, typeof(long), ordinalityMapping, nullable: false), ordinalityMapping.Comparer)],
            _aliases);
#pragma warning restore EF1001
        select.AppendOrdering(new OrderingExpression(
            select.CreateColumnExpression(unnest, OrdinalityColumn, typeof(long), ordinalityMapping, columnNullable: false), ascending: true));

        Expression shaper = new ProjectionBindingExpression(select, new ProjectionMember(), nullableType);
        if (shaper.Type != elementType)
        {
            shaper = Expression.Convert(shaper, elementType);
        }

        return new ShapedQueryExpression(select, shaper);
    }

    private static Type? ElementTypeOf(Type collection)
        => collection.IsArray ? collection.GetElementType()
            : collection.GetInterfaces().Append(collection)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
}

/// <summary>Creates <see cref="QuiverQueryableMethodTranslatingExpressionVisitor"/>s.</summary>
public sealed class QuiverQueryableMethodTranslatingExpressionVisitorFactory(
    QueryableMethodTranslatingExpressionVisitorDependencies dependencies,
    RelationalQueryableMethodTranslatingExpressionVisitorDependencies relationalDependencies)
    : IQueryableMethodTranslatingExpressionVisitorFactory
{
    /// <inheritdoc/>
    public QueryableMethodTranslatingExpressionVisitor Create(QueryCompilationContext queryCompilationContext)
        => new QuiverQueryableMethodTranslatingExpressionVisitor(
            dependencies, relationalDependencies, (RelationalQueryCompilationContext)queryCompilationContext);
}
