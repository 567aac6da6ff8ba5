using System.Text;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;

namespace Quiver.EntityFrameworkCore.Update.Internal;

/// <summary>
/// INSERT, UPDATE and DELETE with RETURNING for store-generated values, as EF's relational generator writes them, except
/// for an UPDATE that reads nothing back: DuckDB 1.5 runs an UPDATE ... RETURNING as a delete and an insert, which fails
/// on a row another table references by foreign key, so such an UPDATE is sent without RETURNING and
/// <see cref="QuiverModificationCommandBatch"/> checks its rows affected instead. Consecutive inserts into one table
/// become one multi-row INSERT.
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

    /// <summary>Whether two inserts write and read back the same columns of the same table, so one statement can do both.</summary>
    public static bool CanShareInsert(IReadOnlyModificationCommand first, IReadOnlyModificationCommand second)
        => first.TableName == second.TableName
            && first.Schema == second.Schema
            && first.ColumnModifications.Where(c => c.IsWrite).Select(c => c.ColumnName)
                .SequenceEqual(second.ColumnModifications.Where(c => c.IsWrite).Select(c => c.ColumnName))
            && first.ColumnModifications.Where(c => c.IsRead).Select(c => c.ColumnName)
                .SequenceEqual(second.ColumnModifications.Where(c => c.IsRead).Select(c => c.ColumnName));

    /// <summary>
    /// One INSERT of every command's row (they share their columns: <see cref="CanShareInsert"/>), RETURNING the
    /// generated columns when there are any. The rows come back in the order of the VALUES list: DuckDB documents that an
    /// INSERT keeps its input's order, and it runs an INSERT with RETURNING on one thread (no parallel or batch-index
    /// insert), returning rows in the order it inserted them; the conformance suite checks that on every run.
    /// </summary>
    /// <returns><see cref="ResultSetMapping.HasResultRow"/> when every command reads a row back, else no results.</returns>
    public ResultSetMapping AppendMultiRowInsertOperation(StringBuilder commandStringBuilder, IReadOnlyList<IReadOnlyModificationCommand> commands)
    {
        var first = commands[0];
        var writes = first.ColumnModifications.Where(c => c.IsWrite).ToList();
        var reads = first.ColumnModifications.Where(c => c.IsRead).ToList();
        AppendInsertCommandHeader(commandStringBuilder, first.TableName, first.Schema, writes);
        AppendValuesHeader(commandStringBuilder, writes);
        for (var i = 0; i < commands.Count; i++)
        {
            if (i > 0)
            {
                commandStringBuilder.AppendLine(",");
            }

            AppendValues(commandStringBuilder, first.TableName, first.Schema, commands[i].ColumnModifications.Where(c => c.IsWrite).ToList());
        }

        AppendReturningClause(commandStringBuilder, reads);
        commandStringBuilder.AppendLine(SqlGenerationHelper.StatementTerminator);
        return reads.Count > 0 ? ResultSetMapping.HasResultRow : ResultSetMapping.NoResults;
    }

    /// <inheritdoc/>
    protected override void AppendUpdateColumnValue(
        ISqlGenerationHelper updateSqlGeneratorHelper, IColumnModification columnModification, StringBuilder stringBuilder, string name, string? schema)
    {
        if (columnModification.JsonPath is not (null or "$"))
        {
            // QuiverModificationCommand turns every change inside a document into a whole-document write.
            throw new InvalidOperationException(
                $"A partial update of JSON column '{columnModification.ColumnName}' at '{columnModification.JsonPath}' reached SQL generation; DuckDB cannot patch a JSON document in place.");
        }

        base.AppendUpdateColumnValue(updateSqlGeneratorHelper, columnModification, stringBuilder, name, schema);
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
