using System.Text;
using Microsoft.EntityFrameworkCore.Update;

namespace Quiver.EntityFrameworkCore.Update.Internal;

/// <summary>
/// INSERT, UPDATE and DELETE with RETURNING, as EF's relational generator writes them; DuckDB reads them as they are.
/// Only the sequence value read for HiLo keys is DuckDB's own (<c>nextval</c>).
/// </summary>
public sealed class QuiverUpdateSqlGenerator(UpdateSqlGeneratorDependencies dependencies) : UpdateSqlGenerator(dependencies)
{
    /// <inheritdoc/>
    public override void AppendNextSequenceValueOperation(StringBuilder commandStringBuilder, string name, string? schema)
        => commandStringBuilder.Append("SELECT nextval('")
            .Append(SqlGenerationHelper.DelimitIdentifier(name, schema).Replace("'", "''", StringComparison.Ordinal))
            .Append("')");

    /// <inheritdoc/>
    public override string GenerateNextSequenceValueOperation(string name, string? schema)
    {
        var builder = new StringBuilder();
        AppendNextSequenceValueOperation(builder, name, schema);
        return builder.ToString();
    }
}
