using System.Text;
using Microsoft.EntityFrameworkCore.Storage;

namespace Quiver.EntityFrameworkCore.Storage.Internal;

/// <summary>DuckDB's SQL spelling: identifiers in double quotes, parameters as <c>$name</c>.</summary>
public sealed class QuiverSqlGenerationHelper(RelationalSqlGenerationHelperDependencies dependencies)
    : RelationalSqlGenerationHelper(dependencies)
{
    // DuckDB's own parameter syntax, so Quiver.Data sends the text as it is instead of rewriting @name.
    /// <inheritdoc/>
    public override string GenerateParameterName(string name) => "$" + name;

    /// <inheritdoc/>
    public override void GenerateParameterName(StringBuilder builder, string name) => builder.Append('$').Append(name);

    /// <inheritdoc/>
    public override string GenerateParameterNamePlaceholder(string name) => "$" + name;

    /// <inheritdoc/>
    public override void GenerateParameterNamePlaceholder(StringBuilder builder, string name) => builder.Append('$').Append(name);

    /// <inheritdoc/>
    public override string StartTransactionStatement => "BEGIN TRANSACTION" + StatementTerminator;
}
