using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace Quiver.EntityFrameworkCore.Metadata.Internal;

/// <summary>The relational conventions, unchanged: DuckDB needs none of its own yet.</summary>
public sealed class QuiverConventionSetBuilder(
    ProviderConventionSetBuilderDependencies dependencies, RelationalConventionSetBuilderDependencies relationalDependencies)
    : RelationalConventionSetBuilder(dependencies, relationalDependencies)
{
}
