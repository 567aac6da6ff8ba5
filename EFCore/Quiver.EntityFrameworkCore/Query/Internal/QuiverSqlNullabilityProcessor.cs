using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Quiver.EntityFrameworkCore.Query.Internal;

/// <summary>EF's null semantics, taught the expressions only this provider makes.</summary>
public sealed class QuiverSqlNullabilityProcessor(
    RelationalParameterBasedSqlProcessorDependencies dependencies, RelationalParameterBasedSqlProcessorParameters parameters)
    : SqlNullabilityProcessor(dependencies, parameters)
{
    /// <inheritdoc/>
    protected override SqlExpression VisitCustomSqlExpression(SqlExpression sqlExpression, bool allowOptimizedExpansion, out bool nullable)
    {
        if (sqlExpression is not QuiverAggregateFunctionExpression aggregate)
        {
            return base.VisitCustomSqlExpression(sqlExpression, allowOptimizedExpansion, out nullable);
        }

        // An aggregate is NULL over no rows whatever its arguments are.
        var arguments = aggregate.Arguments.Select(a => Visit(a, out _)!).ToList();
        var orderings = aggregate.Orderings.Select(o => o.Update(Visit(o.Expression, out _)!)).ToList();
        nullable = true;
        return aggregate.Update(arguments, orderings);
    }
}

/// <summary>Runs <see cref="QuiverSqlNullabilityProcessor"/> where EF runs its own.</summary>
public sealed class QuiverParameterBasedSqlProcessor(
    RelationalParameterBasedSqlProcessorDependencies dependencies, RelationalParameterBasedSqlProcessorParameters parameters)
    : RelationalParameterBasedSqlProcessor(dependencies, parameters)
{
    /// <inheritdoc/>
    protected override System.Linq.Expressions.Expression ProcessSqlNullability(System.Linq.Expressions.Expression queryExpression, ParametersCacheDecorator Decorator)
        => new QuiverSqlNullabilityProcessor(Dependencies, Parameters).Process(queryExpression, Decorator);
}

/// <summary>Creates <see cref="QuiverParameterBasedSqlProcessor"/>s.</summary>
public sealed class QuiverParameterBasedSqlProcessorFactory(RelationalParameterBasedSqlProcessorDependencies dependencies)
    : IRelationalParameterBasedSqlProcessorFactory
{
    /// <inheritdoc/>
    public RelationalParameterBasedSqlProcessor Create(RelationalParameterBasedSqlProcessorParameters parameters)
        => new QuiverParameterBasedSqlProcessor(dependencies, parameters);
}
