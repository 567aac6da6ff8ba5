using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Quiver.EntityFrameworkCore.Query.Internal;

/// <summary>
/// The elements of a JSON array as rows (a collection inside a ToJson() document, or a primitive collection stored as
/// JSON text): DuckDB's <c>json_each</c>, with a column per element property extracted and cast to its type, and the
/// element's position. <see cref="QuiverQuerySqlGenerator"/> writes it as a derived table.
/// </summary>
public sealed class QuiverJsonEachExpression : TableValuedFunctionExpression
{
    /// <summary>DuckDB's table function.</summary>
    public const string FunctionName = "json_each";

    /// <summary>The element's 0-based position in the array.</summary>
    public const string KeyColumn = "key";

    /// <summary>A column of the table: the value at <paramref name="Path"/> in each element, read as <paramref name="TypeMapping"/>.</summary>
    public readonly record struct Column(string Name, RelationalTypeMapping TypeMapping, IReadOnlyList<PathSegment> Path);

    /// <summary>The rows of the array <paramref name="json"/>.</summary>
    public QuiverJsonEachExpression(string alias, SqlExpression json, IReadOnlyList<Column> columns)
        : this(alias, [json], columns, annotations: null)
    {
    }

    private QuiverJsonEachExpression(
        string alias, IReadOnlyList<SqlExpression> arguments, IReadOnlyList<Column> columns, IReadOnlyDictionary<string, IAnnotation>? annotations)
        : base(alias, FunctionName, schema: null, builtIn: true, arguments, annotations)
        => Columns = columns;

    /// <summary>The array.</summary>
    public SqlExpression Json => Arguments[0];

    /// <summary>The columns besides <see cref="KeyColumn"/>.</summary>
    public IReadOnlyList<Column> Columns { get; }

    /// <inheritdoc/>
    protected override Expression VisitChildren(ExpressionVisitor visitor)
        => Update([(SqlExpression)visitor.Visit(Json)]);

    /// <inheritdoc/>
    public override QuiverJsonEachExpression Update(IReadOnlyList<SqlExpression> arguments)
        => ReferenceEquals(arguments[0], Json) ? this : new QuiverJsonEachExpression(Alias, arguments, Columns, Annotations);

    /// <inheritdoc/>
    public override TableExpressionBase Clone(string? alias, ExpressionVisitor cloningExpressionVisitor)
        => new QuiverJsonEachExpression(alias ?? Alias, [(SqlExpression)cloningExpressionVisitor.Visit(Json)], Columns, Annotations);

    /// <inheritdoc/>
    public override QuiverJsonEachExpression WithAlias(string newAlias) => new(newAlias, Arguments, Columns, Annotations);

    /// <inheritdoc/>
    protected override QuiverJsonEachExpression WithAnnotations(IReadOnlyDictionary<string, IAnnotation> annotations)
        => new(Alias, Arguments, Columns, annotations);

    /// <inheritdoc/>
    public override Expression Quote()
        => throw new NotSupportedException("Queries over JSON arrays cannot be precompiled with the Quiver provider.");

    /// <inheritdoc/>
    protected override void Print(ExpressionPrinter expressionPrinter)
    {
        expressionPrinter.Append(FunctionName).Append("(");
        expressionPrinter.Visit(Json);
        expressionPrinter.Append(") WITH (").Append(string.Join(", ", Columns.Select(c => c.Name + " " + c.TypeMapping.StoreType)))
            .Append(") AS ").Append(Alias);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj)
        => obj is QuiverJsonEachExpression other && base.Equals(other) && Columns.SequenceEqual(other.Columns);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Columns.Count);
}
