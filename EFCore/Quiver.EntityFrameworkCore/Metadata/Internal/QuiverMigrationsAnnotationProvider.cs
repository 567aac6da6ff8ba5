// MigrationsAnnotationProviderDependencies is marked internal (EF1001) but is the only way to derive the provider service EF asks for.
#pragma warning disable EF1001

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Quiver.EntityFrameworkCore.Metadata.Internal;

/// <summary>
/// Names the identity sequences of a dropped table or column, so that migrations drop them after it.
/// </summary>
public sealed class QuiverMigrationsAnnotationProvider(MigrationsAnnotationProviderDependencies dependencies)
    : MigrationsAnnotationProvider(dependencies)
{
    /// <inheritdoc/>
    public override IEnumerable<IAnnotation> ForRemove(IColumn column)
    {
        foreach (var annotation in base.ForRemove(column))
        {
            yield return annotation;
        }

        if (QuiverIdentityColumns.IsIdentity(column))
        {
            yield return new Annotation(QuiverAnnotationNames.IdentitySequence, QuiverIdentityColumns.SequenceName(column.Table.Name, column.Name));
        }
    }

    /// <inheritdoc/>
    public override IEnumerable<IAnnotation> ForRemove(ITable table)
    {
        foreach (var annotation in base.ForRemove(table))
        {
            yield return annotation;
        }

        var owned = QuiverIdentityColumns.OwnedSequences(table);
        if (owned.Length > 0)
        {
            yield return new Annotation(QuiverAnnotationNames.OwnedSequences, owned);
        }
    }
}
