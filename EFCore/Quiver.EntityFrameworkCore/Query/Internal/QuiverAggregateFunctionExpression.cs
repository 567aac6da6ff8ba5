using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Quiver.EntityFrameworkCore.Query.Internal;

/// <summary>
/// An aggregate call with DuckDB's modifiers inside its parentheses: <c>name([DISTINCT] arguments [ORDER BY ...])</c>,
/// which EF's function expression cannot say (string.Join over an ordered or distinct group).
/// </summary>
public sealed class QuiverAggregateFunctionExpression : SqlExpression
{
    /// <summary>The call <paramref name="name"/>(<paramref name="arguments"/>) over distinct rows when <paramref name="isDistinct"/>, in the given order.</summary>
    public QuiverAggregateFunctionExpression(
        string name, IReadOnlyList<SqlExpression> arguments, bool isDistinct, IReadOnlyList<OrderingExpression> orderings,
        Type type, RelationalTypeMapping? typeMapping)
        : base(type, typeMapping)
    {
        Name = name;
        Arguments = arguments;
        IsDistinct = isDistinct;
        Orderings = orderings;
    }

    /// <summary>The aggregate function.</summary>
    public string Name { get; }

    /// <summary>Its arguments; DISTINCT applies to the first.</summary>
    public IReadOnlyList<SqlExpression> Arguments { get; }

    /// <summary>Whether duplicate values of the first argument are aggregated once.</summary>
    public bool IsDistinct { get; }

    /// <summary>The order in which rows are aggregated.</summary>
    public IReadOnlyList<OrderingExpression> Orderings { get; }

    /// <summary>This call with other arguments and orderings.</summary>
    public QuiverAggregateFunctionExpression Update(IReadOnlyList<SqlExpression> arguments, IReadOnlyList<OrderingExpression> orderings)
        => arguments.SequenceEqual(Arguments, ReferenceEqualityComparer.Instance) && orderings.SequenceEqual(Orderings, ReferenceEqualityComparer.Instance)
            ? this
            : new QuiverAggregateFunctionExpression(Name, arguments, IsDistinct, orderings, Type, TypeMapping);

    /// <inheritdoc/>
    protected override Expression VisitChildren(ExpressionVisitor visitor)
        => Update(Arguments.Select(a => (SqlExpression)visitor.Visit(a)).ToList(), Orderings.Select(o => (OrderingExpression)visitor.Visit(o)).ToList());

    /// <inheritdoc/>
    public override Expression Quote()
        => throw new NotSupportedException("Queries with an ordered or distinct string.Join cannot be precompiled with the Quiver provider.");

    /// <inheritdoc/>
    protected override void Print(ExpressionPrinter expressionPrinter)
    {
        expressionPrinter.Append(Name).Append("(");
        if (IsDistinct)
        {
            expressionPrinter.Append("DISTINCT ");
        }

        expressionPrinter.VisitCollection(Arguments);
        if (Orderings.Count > 0)
        {
            expressionPrinter.Append(" ORDER BY ");
            expressionPrinter.VisitCollection(Orderings);
        }

        expressionPrinter.Append(")");
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj)
        => obj is QuiverAggregateFunctionExpression other && base.Equals(other) && Name == other.Name && IsDistinct == other.IsDistinct
            && Arguments.SequenceEqual(other.Arguments) && Orderings.SequenceEqual(other.Orderings);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Name, IsDistinct, Arguments.Count, Orderings.Count);
}
