using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;
using Quiver.EntityFrameworkCore.Storage.Internal.Mapping;

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

        // A collection parameter has no mapping of its own: it gets its CLR type's mapping, a LIST (DuckDB casts the
        // elements where the query compares them with another type) or EF's JSON text for other collection types.
        if (sqlExpression is SqlParameterExpression { TypeMapping: null } parameter)
        {
            if (_typeMappings.FindMapping(parameter.Type) is not { ElementTypeMapping: not null } listMapping)
            {
                AddTranslationErrorDetails(
                    $"A collection parameter of type {parameter.Type.Name} has no type mapping for its elements: use a collection of a type docs/efcore.md lists.");
                return null;
            }

            sqlExpression = parameter.ApplyTypeMapping(listMapping);
        }

        var elementMapping = (RelationalTypeMapping?)sqlExpression.TypeMapping?.ElementTypeMapping;
        // A property knows whether its elements may be NULL; a parameter only has its CLR type.
        var elementNullable = property?.GetElementType()?.IsNullable ?? (!elementType.IsValueType || underlying != elementType);
        if (sqlExpression is JsonScalarExpression || sqlExpression.TypeMapping is not QuiverListTypeMapping)
        {
            // A collection inside a JSON document, or one EF keeps as JSON text: the array's elements through json_each.
            return elementMapping is null ? null : JsonElements(sqlExpression, elementMapping, underlying, elementNullable, elementType, nullableType, tableAlias);
        }

        var ordinalityMapping = _typeMappings.FindMapping(typeof(long))!;
        var unnest = new TableValuedFunctionExpression(tableAlias, UnnestFunction, [sqlExpression]);
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

    private ShapedQueryExpression JsonElements(
        SqlExpression json, RelationalTypeMapping elementMapping, Type underlying, bool elementNullable, Type elementType, Type nullableType, string tableAlias)
    {
        var keyMapping = _typeMappings.FindMapping(typeof(int))!;
        var each = new QuiverJsonEachExpression(tableAlias, json, [new QuiverJsonEachExpression.Column(ValueColumn, elementMapping, [])]);
#pragma warning disable EF1001 // SelectExpression's constructor for a table of one column is internal API, used as EF's own providers do.
        var select = new SelectExpression(
            [each],
            new ColumnExpression(ValueColumn, tableAlias, underlying, elementMapping, elementNullable),
            [(new ColumnExpression(QuiverJsonEachExpression.KeyColumn, tableAlias, typeof(int), keyMapping, nullable: false), keyMapping.Comparer)],
            _aliases);
#pragma warning restore EF1001
        select.AppendOrdering(new OrderingExpression(
            select.CreateColumnExpression(each, QuiverJsonEachExpression.KeyColumn, typeof(int), keyMapping, columnNullable: false), ascending: true));

        Expression shaper = new ProjectionBindingExpression(select, new ProjectionMember(), nullableType);
        return new ShapedQueryExpression(select, shaper.Type != elementType ? Expression.Convert(shaper, elementType) : shaper);
    }

    /// <summary>
    /// A collection of owned entities or complex types inside a JSON document, as a table: a column per property of the
    /// element (and per nested document), read by json_each in array order.
    /// </summary>
    protected override ShapedQueryExpression? TransformJsonQueryToTable(JsonQueryExpression jsonQueryExpression)
    {
        var structuralType = jsonQueryExpression.StructuralType;
        var columns = new List<QuiverJsonEachExpression.Column>();
        foreach (var property in structuralType.GetPropertiesInHierarchy())
        {
            if (property.GetJsonPropertyName() is { } name)
            {
                columns.Add(new(name, property.GetRelationalTypeMapping(), [new PathSegment(name)]));
            }
        }

        var container = jsonQueryExpression.JsonColumn.TypeMapping!;
        IEnumerable<string?> documents = structuralType switch
        {
            IEntityType entityType => entityType.GetNavigationsInHierarchy()
                .Where(n => n.ForeignKey.IsOwnership && n.TargetEntityType.IsMappedToJson() && n.ForeignKey.PrincipalToDependent == n)
                .Select(n => n.TargetEntityType.GetJsonPropertyName()),
            IComplexType complexType => complexType.GetComplexProperties().Select(p => p.ComplexType.GetJsonPropertyName()),
            _ => [],
        };
        foreach (var name in documents.OfType<string>())
        {
            columns.Add(new(name, container, [new PathSegment(name)]));
        }

        var alias = _aliases.GenerateTableAlias(
            jsonQueryExpression.Path.LastOrDefault(p => p.PropertyName is not null).PropertyName ?? jsonQueryExpression.JsonColumn.Name);
        var array = new JsonScalarExpression(jsonQueryExpression.JsonColumn, jsonQueryExpression.Path, typeof(string), container, jsonQueryExpression.IsNullable);
        var each = new QuiverJsonEachExpression(alias, array, columns);
        var keyMapping = _typeMappings.FindMapping(typeof(int))!;
#pragma warning disable EF1001 // CreateSelect over a JSON table is the hook EF's own providers use for this.
        var select = CreateSelect(jsonQueryExpression, each, QuiverJsonEachExpression.KeyColumn, typeof(int), keyMapping);
#pragma warning restore EF1001
        select.AppendOrdering(new OrderingExpression(
            select.CreateColumnExpression(each, QuiverJsonEachExpression.KeyColumn, typeof(int), keyMapping, columnNullable: false), ascending: true));
        return new ShapedQueryExpression(
            select,
            new RelationalStructuralTypeShaperExpression(
                structuralType, new ProjectionBindingExpression(select, new ProjectionMember(), typeof(ValueBuffer)), nullable: false));
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
