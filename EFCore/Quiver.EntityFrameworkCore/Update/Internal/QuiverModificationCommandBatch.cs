using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;

namespace Quiver.EntityFrameworkCore.Update.Internal;

/// <summary>
/// A batch of SaveChanges statements sent as one command. Consecutive inserts into the same table with the same columns
/// become one multi-row INSERT: DuckDB's fixed cost per statement is many times its cost per inserted row. Statements
/// with RETURNING are checked by their rows; every command changes one row, so when the batch is read to its end the
/// server's rows affected (RETURNING rows included) must equal the number of commands, else a statement without
/// RETURNING matched no row: a concurrency conflict.
/// </summary>
public sealed class QuiverModificationCommandBatch(ModificationCommandBatchFactoryDependencies dependencies, int maxBatchSize)
    : AffectedCountModificationCommandBatch(dependencies, maxBatchSize)
{
    /// <summary>
    /// Parameters one multi-row INSERT takes at most: the server decodes a statement's parameters as one Arrow record
    /// batch of at most 10,000 fields.
    /// </summary>
    public const int MaxParametersPerInsert = 8_000;

    private readonly List<IReadOnlyModificationCommand> _pendingInserts = [];
    private int _pendingParameters;

    private QuiverUpdateSqlGenerator? BulkGenerator => UpdateSqlGenerator as QuiverUpdateSqlGenerator;

    /// <inheritdoc/>
    public override bool TryAddCommand(IReadOnlyModificationCommand modificationCommand)
    {
        if (_pendingInserts.Count > 0
            && (!IsBulkInsertable(modificationCommand)
                || !QuiverUpdateSqlGenerator.CanShareInsert(_pendingInserts[0], modificationCommand)
                || _pendingParameters + ParameterCount(modificationCommand) > MaxParametersPerInsert))
        {
            ApplyPendingInserts();
        }

        return base.TryAddCommand(modificationCommand);
    }

    /// <inheritdoc/>
    protected override void AddCommand(IReadOnlyModificationCommand modificationCommand)
    {
        if (BulkGenerator is not null && IsBulkInsertable(modificationCommand))
        {
            _pendingInserts.Add(modificationCommand);
            _pendingParameters += ParameterCount(modificationCommand);
            AddParameters(modificationCommand);
        }
        else
        {
            base.AddCommand(modificationCommand);
        }
    }

    /// <inheritdoc/>
    protected override void RollbackLastCommand(IReadOnlyModificationCommand modificationCommand)
    {
        if (_pendingInserts.Count > 0 && ReferenceEquals(_pendingInserts[^1], modificationCommand))
        {
            _pendingInserts.RemoveAt(_pendingInserts.Count - 1);
            _pendingParameters -= ParameterCount(modificationCommand);
        }

        base.RollbackLastCommand(modificationCommand);
    }

    /// <inheritdoc/>
    public override void Complete(bool moreBatchesExpected)
    {
        ApplyPendingInserts();
        base.Complete(moreBatchesExpected);
    }

    private void ApplyPendingInserts()
    {
        if (_pendingInserts.Count == 0)
        {
            return;
        }

        var position = ResultSetMappings.Count;
        var wasEmpty = IsCommandTextEmpty;
        if (_pendingInserts.Count == 1)
        {
            ResultSetMappings.Add(UpdateSqlGenerator.AppendInsertOperation(SqlBuilder, _pendingInserts[0], position, out var requiresTransaction));
            SetRequiresTransaction(!wasEmpty || requiresTransaction);
        }
        else
        {
            var mapping = BulkGenerator!.AppendMultiRowInsertOperation(SqlBuilder, _pendingInserts);
            SetRequiresTransaction(!wasEmpty);
            for (var i = 0; i < _pendingInserts.Count; i++)
            {
                ResultSetMappings.Add(mapping == ResultSetMapping.NoResults ? mapping
                    : i < _pendingInserts.Count - 1 ? ResultSetMapping.NotLastInResultSet : ResultSetMapping.LastInResultSet);
            }
        }

        _pendingInserts.Clear();
        _pendingParameters = 0;
    }

    private static bool IsBulkInsertable(IReadOnlyModificationCommand command)
        => command is { EntityState: EntityState.Added, StoreStoredProcedure: null }
            && command.ColumnModifications.Any(c => c.IsWrite);

    private static int ParameterCount(IReadOnlyModificationCommand command)
    {
        var count = 0;
        foreach (var column in command.ColumnModifications)
        {
            count += (column.UseCurrentValueParameter ? 1 : 0) + (column.UseOriginalValueParameter ? 1 : 0);
        }

        return count;
    }

    /// <inheritdoc/>
    protected override void Consume(RelationalDataReader reader)
    {
        base.Consume(reader);
        while (!reader.DbDataReader.IsClosed && reader.DbDataReader.NextResult())
        {
        }

        CheckRowsAffected(reader.DbDataReader.RecordsAffected);
    }

    /// <inheritdoc/>
    protected override async Task ConsumeAsync(RelationalDataReader reader, CancellationToken cancellationToken = default)
    {
        await base.ConsumeAsync(reader, cancellationToken).ConfigureAwait(false);
        while (!reader.DbDataReader.IsClosed && await reader.DbDataReader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        CheckRowsAffected(reader.DbDataReader.RecordsAffected);
    }

    private void CheckRowsAffected(int rowsAffected)
    {
        var withoutReturning = Enumerable.Range(0, ModificationCommands.Count)
            .Where(i => !ResultSetMappings[i].HasFlag(ResultSetMapping.HasResultRow))
            .Select(i => ModificationCommands[i])
            .ToList();
        if (withoutReturning.Count == 0 || rowsAffected == ModificationCommands.Count)
        {
            return;
        }

        throw new DbUpdateConcurrencyException(
            $"The database operation was expected to affect {ModificationCommands.Count} row(s), but actually affected {rowsAffected} row(s); "
            + "data may have been modified or deleted since entities were loaded. See https://go.microsoft.com/fwlink/?LinkId=527962 for "
            + "information on understanding and handling optimistic concurrency exceptions.",
            withoutReturning.SelectMany(c => c.Entries).ToList());
    }
}
