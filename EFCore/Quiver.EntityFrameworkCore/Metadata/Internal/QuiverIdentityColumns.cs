using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Quiver.EntityFrameworkCore.Metadata.Internal;

/// <summary>
/// DuckDB has no IDENTITY or SERIAL: a key generated on add is a column whose default is <c>nextval</c> of a sequence of
/// its own, named <c>{table}_{column}_seq</c>, created with the table and dropped after it.
/// </summary>
public static class QuiverIdentityColumns
{
    /// <summary>The sequence that generates an identity column's values.</summary>
    public static string SequenceName(string table, string column) => $"{table}_{column}_seq";

    /// <summary>The identity sequences of a table, comma-separated.</summary>
    public static string OwnedSequences(ITable table)
        => string.Join(",", table.Columns.Where(IsIdentity).Select(c => SequenceName(table.Name, c.Name)));

    // An integer key of one column, generated on add, with no default of its own, in the table of the type declaring it
    // (so that the tables of derived types in TPT, whose key references the base table's, get no sequence).
    /// <summary>Whether a column is an identity column.</summary>
    public static bool IsIdentity(IColumn column)
    {
        var property = column.PropertyMappings.FirstOrDefault()?.Property;
        if (property is null || property.ValueGenerated != ValueGenerated.OnAdd)
        {
            return false;
        }

        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        if (type != typeof(int) && type != typeof(long) && type != typeof(short))
        {
            return false;
        }

        var key = property.FindContainingPrimaryKey();
        return key is not null
            && key.Properties.Count == 1
            && !property.IsForeignKey()
            && property.GetDefaultValueSql() is null
            && property.GetComputedColumnSql() is null
            && !property.TryGetDefaultValue(out _)
            && property.DeclaringType.GetTableName() == column.Table.Name
            && property.GetValueConverter() is null;
    }
}
