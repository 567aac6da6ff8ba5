using Microsoft.EntityFrameworkCore.Storage;
using Quiver.Data;

namespace Quiver.EntityFrameworkCore.Storage;

/// <summary>
/// An execution strategy that retries on Quiver's transient errors (<see cref="QuiverException.IsTransient"/>): a
/// write-write conflict (40001) and a lost, restarting or full server. An unknown commit outcome (08007) is not transient,
/// so a unit of work that may have committed is never run twice.
/// </summary>
public sealed class QuiverRetryingExecutionStrategy : ExecutionStrategy
{
    /// <summary>Retries 6 times with a delay of up to 30 seconds.</summary>
    public QuiverRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies)
        : this(dependencies, DefaultMaxRetryCount, DefaultMaxDelay)
    {
    }

    /// <summary>Retries <paramref name="maxRetryCount"/> times with a delay of up to <paramref name="maxRetryDelay"/>.</summary>
    public QuiverRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies, int maxRetryCount, TimeSpan maxRetryDelay)
        : base(dependencies, maxRetryCount, maxRetryDelay)
    {
    }

    /// <inheritdoc/>
    protected override bool ShouldRetryOn(Exception exception) => exception switch
    {
        QuiverException quiver => quiver.IsTransient,
        _ => false,
    };
}
