using System.Text;
using Microsoft.EntityFrameworkCore.Update;

namespace Quiver.EntityFrameworkCore.Update.Internal;

/// <summary>
/// INSERT, UPDATE and DELETE with RETURNING for store-generated values, as EF's relational generator writes them, except
/// for an UPDATE that reads nothing back: DuckDB 1.5 runs an UPDATE ... RETURNING as a delete and an insert, which fails
/// on a row another table references by foreign key, so such an UPDATE is sent without RETURNING and
/// <see cref="QuiverModificationCommandBatch"/> checks its rows affected instead.
/// </summary>
public sealed class QuiverUpdateSqlGenerator(UpdateSqlGeneratorDependencies dependencies) : UpdateSqlGenerator(dependencies)
{
    /// <inheritdoc/>
    public override ResultSetMapping AppendUpdateOperation(
        StringBuilder commandStringBuilder, IReadOnlyModificationCommand command, int commandPosition, out bool requiresTransaction)
    {
        var operations = command.ColumnModifications;
        if (command.StoreStoredProcedure is not null || operations.Any(o => o.IsRead))
        {
            return base.AppendUpdateOperation(commandStringBuilder, command, commandPosition, out requiresTransaction);
        }

        requiresTransaction = false;
        AppendUpdateCommand(
            commandStringBuilder, command.TableName, command.Schema,
            operations.Where(o => o.IsWrite).ToList(), [], operations.Where(o => o.IsCondition).ToList(), appendReturningOneClause: false);
        return ResultSetMapping.NoResults;
    }

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
