using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage;

namespace Quiver.EntityFrameworkCore.Storage.Internal.Mapping;

/// <summary>
/// The JSON column that holds a type mapped with <c>ToJson()</c> (owned entities, complex types and their collections).
/// DuckDB's JSON type arrives as text; EF's JSON reader takes it as UTF-8 bytes. Documents are sent as text parameters,
/// which DuckDB checks and converts to JSON on insert.
/// </summary>
public sealed class QuiverJsonTypeMapping : JsonTypeMapping
{
    /// <summary>DuckDB's type name.</summary>
    public const string JsonStoreType = "JSON";

    private static readonly MethodInfo GetString = typeof(DbDataReader).GetRuntimeMethod(nameof(DbDataReader.GetString), [typeof(int)])!;
    private static readonly MethodInfo GetBytes = typeof(Encoding).GetMethod(nameof(Encoding.GetBytes), [typeof(string)])!;
    private static readonly PropertyInfo Utf8 = typeof(Encoding).GetProperty(nameof(Encoding.UTF8))!;
    private static readonly ConstructorInfo NewMemoryStream = typeof(MemoryStream).GetConstructor([typeof(byte[])])!;

    /// <summary>The mapping of every JSON container column.</summary>
    public static QuiverJsonTypeMapping Default { get; } = new();

    private QuiverJsonTypeMapping()
        : base(JsonStoreType, typeof(JsonTypePlaceholder), System.Data.DbType.String)
    {
    }

    private QuiverJsonTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    /// <inheritdoc/>
    public override MethodInfo GetDataReaderMethod() => GetString;

    /// <inheritdoc/>
    public override Expression CustomizeDataReaderExpression(Expression expression)
        => Expression.New(NewMemoryStream, Expression.Call(Expression.Property(null, Utf8), GetBytes, expression));

    /// <inheritdoc/>
    protected override string GenerateNonNullSqlLiteral(object value)
        => "CAST('" + ((string)value).Replace("'", "''", StringComparison.Ordinal) + "' AS JSON)";

    /// <inheritdoc/>
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new QuiverJsonTypeMapping(parameters);
}
