using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Quiver.EntityFrameworkCore.Infrastructure.Internal;
using Quiver.EntityFrameworkCore.Storage;

namespace Quiver.EntityFrameworkCore.Infrastructure;

/// <summary>Quiver-specific options, given to the <c>quiver =&gt; ...</c> argument of <c>UseQuiver</c>.</summary>
public sealed class QuiverDbContextOptionsBuilder(DbContextOptionsBuilder optionsBuilder)
    : RelationalDbContextOptionsBuilder<QuiverDbContextOptionsBuilder, QuiverOptionsExtension>(optionsBuilder)
{
    /// <summary>
    /// Retries operations that fail with a transient error (a write-write conflict, SQLSTATE 40001; a lost or busy
    /// server: 08001, 08006, 53300, 57P01), up to 6 times with exponential backoff up to 30 seconds.
    /// </summary>
    public QuiverDbContextOptionsBuilder EnableRetryOnFailure()
        => ExecutionStrategy(dependencies => new QuiverRetryingExecutionStrategy(dependencies));

    /// <summary>Retries transient failures up to <paramref name="maxRetryCount"/> times, waiting at most <paramref name="maxRetryDelay"/>.</summary>
    public QuiverDbContextOptionsBuilder EnableRetryOnFailure(int maxRetryCount, TimeSpan maxRetryDelay)
        => ExecutionStrategy(dependencies => new QuiverRetryingExecutionStrategy(dependencies, maxRetryCount, maxRetryDelay));
}
