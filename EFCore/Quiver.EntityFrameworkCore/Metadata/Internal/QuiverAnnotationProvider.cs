using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Quiver.EntityFrameworkCore.Metadata.Internal;

/// <summary>
/// Marks identity columns for migrations (<see cref="QuiverIdentityColumns"/>). DuckDB has no IDENTITY or SERIAL: a key generated on add is a column whose
/// default is <c>nextval</c> of a sequence of its own, named <c>{table}_{column}_seq</c>, created with the table and
/// dropped after it.
/// </summary>
public sealed class QuiverAnnotationProvider(RelationalAnnotationProviderDependencies dependencies) : RelationalAnnotationProvider(dependencies)
{
    /// <inheritdoc/>
    public override IEnumerable<IAnnotation> For(IColumn column, bool designTime)
    {
        foreach (var annotation in base.For(column, designTime))
        {
            yield return annotation;
        }

        if (QuiverIdentityColumns.IsIdentity(column))
        {
            yield return new Annotation(QuiverAnnotationNames.IdentitySequence, QuiverIdentityColumns.SequenceName(column.Table.Name, column.Name));
        }
    }
}
