using System.Collections.ObjectModel;
using System.Data;
using System.Data.Common;
using Quiver.Data.Internal;
using Quiver.Data.Types;

namespace Quiver.Data;

// Column metadata: GetColumnSchema and GetSchemaTable.
public sealed partial class QuiverDataReader : IDbColumnSchemaGenerator
{
    // Where the first result set's columns come from, when the command ran with CommandBehavior.KeyInfo and that could be told.
    private BaseColumn?[]? _baseColumns;

    internal void SetBaseColumns(BaseColumn?[]? columns)
        => _baseColumns = columns is not null && columns.Length == _columns.Length && _resultSets <= 1 ? columns : null;

    /// <inheritdoc/>
    public ReadOnlyCollection<DbColumn> GetColumnSchema()
    {
        if (_state == ReaderState.Closed)
        {
            throw Closed();
        }

        return _columns.Select((column, ordinal) => (DbColumn)new QuiverDbColumn(column, ordinal, _baseColumns)).ToList().AsReadOnly();
    }

    /// <inheritdoc/>
    public override DataTable? GetSchemaTable()
    {
        if (_columns.Length == 0)
        {
            return null;
        }

        var table = new DataTable("SchemaTable");
        var names = new (string Name, Type Type)[]
        {
            (SchemaTableColumn.ColumnName, typeof(string)), (SchemaTableColumn.ColumnOrdinal, typeof(int)),
            (SchemaTableColumn.ColumnSize, typeof(int)), (SchemaTableColumn.NumericPrecision, typeof(int)),
            (SchemaTableColumn.NumericScale, typeof(int)), (SchemaTableColumn.DataType, typeof(Type)),
            (SchemaTableColumn.ProviderType, typeof(int)), (SchemaTableColumn.IsLong, typeof(bool)),
            (SchemaTableColumn.AllowDBNull, typeof(bool)), (SchemaTableOptionalColumn.IsReadOnly, typeof(bool)),
            (SchemaTableColumn.IsUnique, typeof(bool)), (SchemaTableColumn.IsKey, typeof(bool)),
            (SchemaTableOptionalColumn.IsAutoIncrement, typeof(bool)), (SchemaTableColumn.BaseColumnName, typeof(string)),
            (SchemaTableColumn.BaseSchemaName, typeof(string)), (SchemaTableColumn.BaseTableName, typeof(string)),
            (SchemaTableOptionalColumn.BaseCatalogName, typeof(string)), (SchemaTableColumn.IsAliased, typeof(bool)),
            (SchemaTableColumn.IsExpression, typeof(bool)), ("DataTypeName", typeof(string)),
        };
        foreach (var (name, type) in names)
        {
            table.Columns.Add(name, type);
        }

        foreach (QuiverDbColumn column in GetColumnSchema())
        {
            table.Rows.Add(
                column.ColumnName, column.ColumnOrdinal, column.ColumnSize ?? -1, OrNull(column.NumericPrecision), OrNull(column.NumericScale),
                column.DataType, (int)column.QuiverDbType, column.IsLong ?? false, column.AllowDBNull ?? true, column.IsReadOnly ?? true,
                column.IsUnique ?? false, column.IsKey ?? false, column.IsAutoIncrement ?? false, OrNull(column.BaseColumnName),
                OrNull(column.BaseSchemaName), OrNull(column.BaseTableName), OrNull(column.BaseCatalogName), column.IsAliased ?? false,
                column.IsExpression is { } expression ? expression : DBNull.Value, column.DataTypeName);
        }

        return table;
    }

    private static object OrNull(int? value) => value is { } v ? v : DBNull.Value;

    private static object OrNull(string? value) => value is null ? DBNull.Value : value;
}

/// <summary>
/// A result column's metadata. Results do not say where a column came from: base table, key and nullability are known
/// only when the command ran with <see cref="CommandBehavior.KeyInfo"/> and its SELECT reads one table (docs/provider.md).
/// </summary>
public sealed class QuiverDbColumn : DbColumn
{
    internal QuiverDbColumn(ColumnReader column, int ordinal, BaseColumn?[]? baseColumns)
    {
        ColumnName = column.Name;
        ColumnOrdinal = ordinal;
        DataType = column.FieldType;
        DataTypeName = column.DataTypeName;
        QuiverDbType = column.Mapping.QuiverType;
        AllowDBNull = true;
        IsReadOnly = true;
        if (baseColumns is not null)
        {
            var origin = baseColumns[ordinal];
            IsExpression = origin is null;
            IsAliased = origin?.IsAliased ?? false;
            IsKey = origin?.IsKey ?? false;
            IsUnique = origin?.IsUnique ?? false;
            IsAutoIncrement = origin?.IsAutoIncrement ?? false;
            if (origin is not null)
            {
                (BaseCatalogName, BaseSchemaName, BaseTableName, BaseColumnName) = (origin.Catalog, origin.Schema, origin.Table, origin.Column);
                AllowDBNull = origin.AllowDBNull;
                IsReadOnly = false;
            }
        }

        IsLong = QuiverDbType is QuiverDbType.Varchar or QuiverDbType.Blob;
        (NumericPrecision, NumericScale, ColumnSize) = QuiverDbType switch
        {
            QuiverDbType.Decimal when column is DecimalReader d => (d.Precision, d.Scale, 16),
            QuiverDbType.TinyInt or QuiverDbType.UTinyInt => (3, 0, 1),
            QuiverDbType.SmallInt or QuiverDbType.USmallInt => (5, 0, 2),
            QuiverDbType.Integer or QuiverDbType.UInteger => (10, 0, 4),
            QuiverDbType.BigInt => (19, 0, 8),
            QuiverDbType.UBigInt => (20, 0, 8),
            QuiverDbType.Float => (24, (int?)null, 4),
            QuiverDbType.Double => (53, (int?)null, 8),
            QuiverDbType.Boolean => (null, null, 1),
            QuiverDbType.Uuid => (null, null, 16),
            QuiverDbType.Date => (null, null, 4),
            QuiverDbType.Time or QuiverDbType.Timestamp or QuiverDbType.TimestampTz => (null, null, 8),
            QuiverDbType.Interval => (null, null, 16),
            _ => ((int?)null, (int?)null, -1),
        };
    }

    /// <summary>The column's SQL type.</summary>
    public QuiverDbType QuiverDbType { get; }
}
