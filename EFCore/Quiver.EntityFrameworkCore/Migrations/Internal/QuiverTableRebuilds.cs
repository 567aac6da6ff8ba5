using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Quiver.EntityFrameworkCore.Metadata.Internal;

namespace Quiver.EntityFrameworkCore.Migrations.Internal;

/// <summary>
/// Rebuilds a table, as the migration's target model defines it, from a copy of its rows: what DuckDB 1.5's ALTER TABLE
/// cannot do in place (changing a column of a table that has an index or a foreign key, adding or dropping a key,
/// foreign key, unique or check constraint, renaming an index). The rows are copied aside, the table is dropped (its
/// indexes with it) and created again with its constraints, the rows are copied back and the indexes created.
/// </summary>
public sealed class QuiverRebuildTableOperation : MigrationOperation
{
    /// <summary>The table to rebuild.</summary>
    public required string Name { get; init; }

    /// <summary>Its schema, or null for the default.</summary>
    public string? Schema { get; init; }

    /// <summary>Each column of the rebuilt table with the SQL that fills it from the old row (null: its default).</summary>
    public required IReadOnlyList<(string Column, string? OldColumn, object? AddedDefault, string? AddedDefaultSql)> Sources { get; init; }

    /// <summary>Identity sequences of dropped columns, dropped after the table.</summary>
    public required IReadOnlyList<string> DroppedSequences { get; init; }

    /// <summary>The operations the rebuild does instead of, for the reader of a script.</summary>
    public required IReadOnlyList<string> Replaces { get; init; }
}

/// <summary>Finds the tables a migration must rebuild and replaces their operations with one rebuild each.</summary>
public static class QuiverTableRebuilds
{
    /// <summary>
    /// The operations with those on tables that need a rebuild replaced by a <see cref="QuiverRebuildTableOperation"/>
    /// at the place of the first of them. Without the target model nothing is rebuilt.
    /// </summary>
    public static IReadOnlyList<MigrationOperation> Rewrite(IReadOnlyList<MigrationOperation> operations, IModel? model)
    {
        var relational = model?.GetRelationalModel();
        if (relational is null)
        {
            return operations;
        }

        var created = operations.OfType<CreateTableOperation>().Select(t => (t.Schema, t.Name)).ToHashSet();
        var dropped = operations.OfType<DropTableOperation>().Select(t => (t.Schema, t.Name)).ToHashSet();
        var rebuilt = new HashSet<(string?, string)>();
        foreach (var operation in operations)
        {
            if (TableOf(operation) is not { } key || created.Contains(key) || dropped.Contains(key) || !NeedsRebuild(operation, key, operations, relational))
            {
                continue;
            }

            rebuilt.Add(key);
        }

        if (rebuilt.Count == 0)
        {
            return operations;
        }

        var result = new List<MigrationOperation>();
        var done = new HashSet<(string?, string)>();
        foreach (var operation in operations)
        {
            if (TableOf(operation) is not { } key || !rebuilt.Contains(key) || !IsTableChange(operation))
            {
                result.Add(operation);
                continue;
            }

            if (done.Add(key))
            {
                var table = relational.FindTable(key.Item2, key.Item1)!;
                result.Add(Plan(table, operations.Where(o => TableOf(o) == key && IsTableChange(o)).ToList()));
            }
        }

        return result;
    }

    private static bool NeedsRebuild(MigrationOperation operation, (string? Schema, string Name) key, IReadOnlyList<MigrationOperation> operations, IRelationalModel model)
    {
        var table = model.FindTable(key.Name, key.Schema);
        if (table is null)
        {
            return false;
        }

        var needed = operation switch
        {
            AddForeignKeyOperation or DropForeignKeyOperation or AddPrimaryKeyOperation or DropPrimaryKeyOperation
                or AddUniqueConstraintOperation or DropUniqueConstraintOperation or AddCheckConstraintOperation
                or DropCheckConstraintOperation or RenameIndexOperation => true,
            // DuckDB alters a column in place only when nothing depends on the table: no index, no foreign key.
            AlterColumnOperation or DropColumnOperation or RenameColumnOperation => table.Indexes.Any() || table.ForeignKeyConstraints.Any()
                || table.ReferencingForeignKeyConstraints.Any()
                || operations.Any(o => TableOf(o) == key && o is DropIndexOperation or DropForeignKeyOperation),
            _ => false,
        };
        if (needed && table.ReferencingForeignKeyConstraints.FirstOrDefault(f => f.Table != table) is { } referencing)
        {
            throw new NotSupportedException(
                $"DuckDB cannot apply {operation.GetType().Name} to \"{key.Name}\" in place, and cannot rebuild it while "
                + $"\"{referencing.Table.Name}\" references it by foreign key (DuckDB refuses to drop a referenced table): "
                + "rebuild the referencing tables in the same migration by hand, or change the model without this operation.");
        }

        return needed;
    }

    // Operations the rebuild replaces: the columns, keys, constraints and indexes of the table.
    private static bool IsTableChange(MigrationOperation operation)
        => operation is AddColumnOperation or AlterColumnOperation or DropColumnOperation or RenameColumnOperation
            or CreateIndexOperation or DropIndexOperation or RenameIndexOperation
            or AddForeignKeyOperation or DropForeignKeyOperation or AddPrimaryKeyOperation or DropPrimaryKeyOperation
            or AddUniqueConstraintOperation or DropUniqueConstraintOperation or AddCheckConstraintOperation or DropCheckConstraintOperation;

    private static (string? Schema, string Name)? TableOf(MigrationOperation operation) => operation switch
    {
        ColumnOperation { Table: var t } c when c is AddColumnOperation or AlterColumnOperation => (c.Schema, t),
        DropColumnOperation d => (d.Schema, d.Table),
        RenameColumnOperation r => (r.Schema, r.Table),
        CreateIndexOperation i => (i.Schema, i.Table),
        DropIndexOperation { Table: { } t } i => (i.Schema, t),
        RenameIndexOperation { Table: { } t } i => (i.Schema, t),
        AddForeignKeyOperation f => (f.Schema, f.Table),
        DropForeignKeyOperation f => (f.Schema, f.Table),
        AddPrimaryKeyOperation k => (k.Schema, k.Table),
        DropPrimaryKeyOperation k => (k.Schema, k.Table),
        AddUniqueConstraintOperation u => (u.Schema, u.Table),
        DropUniqueConstraintOperation u => (u.Schema, u.Table),
        AddCheckConstraintOperation c => (c.Schema, c.Table),
        DropCheckConstraintOperation c => (c.Schema, c.Table),
        _ => null,
    };

    // Where each column of the new table comes from: its old column (through renames), an added column's default, or
    // nothing (a computed column).
    private static QuiverRebuildTableOperation Plan(ITable table, IReadOnlyList<MigrationOperation> changes)
    {
        var renamedFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rename in changes.OfType<RenameColumnOperation>())
        {
            renamedFrom[rename.NewName] = renamedFrom.TryGetValue(rename.Name, out var earlier) ? earlier : rename.Name;
        }

        var added = changes.OfType<AddColumnOperation>().ToDictionary(a => a.Name, StringComparer.Ordinal);
        var sources = new List<(string, string?, object?, string?)>();
        foreach (var column in table.Columns)
        {
            if (column.ComputedColumnSql is not null)
            {
                continue;
            }

            if (added.TryGetValue(column.Name, out var add))
            {
                sources.Add((column.Name, null, add.DefaultValue, add.DefaultValueSql));
            }
            else
            {
                sources.Add((column.Name, renamedFrom.TryGetValue(column.Name, out var old) ? old : column.Name, null, null));
            }
        }

        return new QuiverRebuildTableOperation
        {
            Name = table.Name,
            Schema = table.Schema,
            Sources = sources,
            DroppedSequences = changes.OfType<DropColumnOperation>()
                .Select(d => d[QuiverAnnotationNames.IdentitySequence] as string).OfType<string>().ToList(),
            Replaces = changes.Select(c => c.GetType().Name.Replace("Operation", "", StringComparison.Ordinal)).Distinct().ToList(),
        };
    }
}
