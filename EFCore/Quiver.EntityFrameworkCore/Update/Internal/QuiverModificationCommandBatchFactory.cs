using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;
using Quiver.EntityFrameworkCore.Infrastructure.Internal;

namespace Quiver.EntityFrameworkCore.Update.Internal;

/// <summary>
/// Batches SaveChanges' statements into one command text of several statements, which the server runs in order in one
/// round trip, each with its own result (RETURNING rows, or rows affected).
/// </summary>
public sealed class QuiverModificationCommandBatchFactory(ModificationCommandBatchFactoryDependencies dependencies, IDbContextOptions options)
    : IModificationCommandBatchFactory
{
    /// <summary>Statements per batch when the context does not set MaxBatchSize.</summary>
    public const int DefaultMaxBatchSize = 1000;

    private readonly int _maxBatchSize = options.FindExtension<QuiverOptionsExtension>()?.MaxBatchSize ?? DefaultMaxBatchSize;

    /// <inheritdoc/>
    public ModificationCommandBatch Create() => new QuiverModificationCommandBatch(dependencies, _maxBatchSize);
}

/// <summary>
/// A batch of SaveChanges statements sent as one command. Statements with RETURNING are checked by their rows; every
/// statement changes one row, so when the batch is read to its end the server's rows affected (RETURNING rows
/// included) must equal the number of statements, else a statement without RETURNING matched no row: a concurrency
/// conflict.
/// </summary>
public sealed class QuiverModificationCommandBatch(ModificationCommandBatchFactoryDependencies dependencies, int maxBatchSize)
    : AffectedCountModificationCommandBatch(dependencies, maxBatchSize)
{
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
