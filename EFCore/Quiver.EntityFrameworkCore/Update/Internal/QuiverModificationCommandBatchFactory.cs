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
