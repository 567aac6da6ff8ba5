using Apache.Arrow;
using Apache.Arrow.Types;

namespace Quiver.Adbc;

/// <summary>The GetObjects tree as Arrow's nested lists of structs, built from the bottom up.</summary>
internal static class ObjectsBuilder
{
    public static RecordBatch Build(List<Catalog> catalogs)
    {
        var schemas = catalogs.SelectMany(c => c.Schemas ?? []).ToList();
        var tables = schemas.SelectMany(s => s.Tables ?? []).ToList();
        var columns = tables.SelectMany(t => t.Columns ?? []).ToList();
        var constraints = tables.SelectMany(t => t.Constraints ?? []).ToList();

        var constraintArray = Struct(ObjectsSchema.Constraint, constraints.Count,
        [
            Strings(constraints.Select(c => c.Name)),
            Strings(constraints.Select(c => c.Type)),
            List(ObjectsSchema.Constraint.Fields[2].DataType, constraints.Select(c => (IReadOnlyCollection<string>?)c.Columns).ToList(), items => Strings(items.SelectMany(i => i))),
            List(ObjectsSchema.Constraint.Fields[3].DataType, constraints.Select(c => (IReadOnlyCollection<Usage>?)c.Usage).ToList(), items => Usages(items.SelectMany(i => i).ToList())),
        ]);
        var columnArray = Columns(columns);
        var tableArray = Struct(ObjectsSchema.Table, tables.Count,
        [
            Strings(tables.Select(t => t.Name)),
            Strings(tables.Select(t => t.Type)),
            Nested(ObjectsSchema.Table.Fields[2].DataType, tables.Select(t => t.Columns?.Count).ToList(), columnArray),
            Nested(ObjectsSchema.Table.Fields[3].DataType, tables.Select(t => t.Constraints?.Count).ToList(), constraintArray),
        ]);
        var schemaArray = Struct(ObjectsSchema.DbSchema, schemas.Count,
        [
            Strings(schemas.Select(s => s.Name)),
            Nested(ObjectsSchema.DbSchema.Fields[1].DataType, schemas.Select(s => s.Tables?.Count).ToList(), tableArray),
        ]);
        IArrowArray[] top =
        [
            Strings(catalogs.Select(c => c.Name)),
            Nested(ObjectsSchema.Catalogs.FieldsList[1].DataType, catalogs.Select(c => c.Schemas?.Count).ToList(), schemaArray),
        ];
        return new RecordBatch(ObjectsSchema.Catalogs, top, catalogs.Count);
    }

    private static StructArray Columns(List<Column> columns) => Struct(ObjectsSchema.Column, columns.Count,
    [
        Strings(columns.Select(c => c.Name)),
        new Int32Array.Builder().AppendRange(columns.Select(c => c.Ordinal)).Build(),
        Strings(columns.Select(c => c.Remarks)),
        Int16s(columns.Select(c => (short?)c.DataType)),
        Strings(columns.Select(c => c.TypeName)),
        Int32s(columns.Select(c => c.Size)),
        Int16s(columns.Select(c => (short?)c.DecimalDigits)),
        Int16s(columns.Select(c => (short?)c.Radix)),
        Int16s(columns.Select(c => (short?)(c.Nullable ? 1 : 0))),
        Strings(columns.Select(c => c.Default)),
        Int16s(columns.Select(c => (short?)c.SqlDataType)),
        Int16s(columns.Select(c => c.DatetimeSub)),
        Int32s(columns.Select(_ => (int?)null)),
        Strings(columns.Select(c => c.Nullable ? "YES" : "NO")),
        Strings(columns.Select(_ => (string?)null)),
        Strings(columns.Select(_ => (string?)null)),
        Strings(columns.Select(_ => (string?)null)),
        Bools(columns.Select(c => (bool?)c.AutoIncrement)),
        Bools(columns.Select(_ => (bool?)null)),
    ]);

    private static StructArray Usages(List<Usage> usages) => Struct(ObjectsSchema.Usage, usages.Count,
    [
        Strings(usages.Select(u => u.Catalog)),
        Strings(usages.Select(u => u.Schema)),
        Strings(usages.Select(u => u.Table)),
        Strings(usages.Select(u => u.Column)),
    ]);

    // A list column over an already built child array: counts[i] children for row i, or null for a NULL list.
    private static ListArray Nested(IArrowType type, List<int?> counts, IArrowArray children)
    {
        var offsets = new ArrowBuffer.Builder<int>().Append(0);
        var validity = new ArrowBuffer.BitmapBuilder();
        var at = 0;
        foreach (var count in counts)
        {
            at += count ?? 0;
            offsets.Append(at);
            validity.Append(count is not null);
        }

        return new ListArray(type, counts.Count, offsets.Build(), children, validity.Build(), validity.UnsetBitCount);
    }

    private static ListArray List<T>(IArrowType type, List<IReadOnlyCollection<T>?> rows, Func<IEnumerable<IReadOnlyCollection<T>>, IArrowArray> children)
        => Nested(type, rows.Select(r => r?.Count).ToList(), children(rows.Where(r => r is not null)!));

    private static StructArray Struct(StructType type, int length, IArrowArray[] children)
        => new(type, length, children, ArrowBuffer.Empty);

    private static StringArray Strings(IEnumerable<string?> values)
    {
        var builder = new StringArray.Builder();
        foreach (var value in values)
        {
            if (value is null)
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(value);
            }
        }

        return builder.Build();
    }

    private static Int16Array Int16s(IEnumerable<short?> values)
    {
        var builder = new Int16Array.Builder();
        foreach (var value in values)
        {
            builder.Append(value);
        }

        return builder.Build();
    }

    private static Int32Array Int32s(IEnumerable<int?> values)
    {
        var builder = new Int32Array.Builder();
        foreach (var value in values)
        {
            builder.Append(value);
        }

        return builder.Build();
    }

    private static BooleanArray Bools(IEnumerable<bool?> values)
    {
        var builder = new BooleanArray.Builder();
        foreach (var value in values)
        {
            if (value is { } flag)
            {
                builder.Append(flag);
            }
            else
            {
                builder.AppendNull();
            }
        }

        return builder.Build();
    }
}
