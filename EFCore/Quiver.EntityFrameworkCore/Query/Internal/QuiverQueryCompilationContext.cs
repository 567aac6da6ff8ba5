using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Quiver.EntityFrameworkCore.Query.Internal;

/// <summary>
/// A connection runs one command at a time (no multiple active result sets), so a split query buffers each result before
/// the next query of the split runs.
/// </summary>
public sealed class QuiverQueryCompilationContext : RelationalQueryCompilationContext
{
    /// <summary>Creates the context of one query's compilation.</summary>
    public QuiverQueryCompilationContext(
        QueryCompilationContextDependencies dependencies, RelationalQueryCompilationContextDependencies relationalDependencies, bool async)
        : base(dependencies, relationalDependencies, async)
    {
    }

    /// <inheritdoc/>
    public override bool IsBuffering => base.IsBuffering || QuerySplittingBehavior == Microsoft.EntityFrameworkCore.QuerySplittingBehavior.SplitQuery;
}

/// <summary>Creates <see cref="QuiverQueryCompilationContext"/>s.</summary>
public sealed class QuiverQueryCompilationContextFactory(
    QueryCompilationContextDependencies dependencies, RelationalQueryCompilationContextDependencies relationalDependencies)
    : IQueryCompilationContextFactory
{
    /// <inheritdoc/>
    public QueryCompilationContext Create(bool async) => new QuiverQueryCompilationContext(dependencies, relationalDependencies, async);
}
