using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Quiver.EntityFrameworkCore.Metadata.Internal;

namespace Quiver.EntityFrameworkCore.Migrations.Internal;

/// <summary>
/// Migration SQL in DuckDB 1.5's dialect. Identity columns get a sequence of their own; foreign keys are written without
/// ON DELETE actions, which DuckDB does not have; what DuckDB's ALTER TABLE cannot do to a table (constraints, index
/// renames, columns of a table with an index or foreign key) is a rebuild of the table from the migration's target model
/// (<see cref="QuiverTableRebuilds"/>); what cannot be rebuilt, or altering sequences, throws a
/// <see cref="NotSupportedException"/> that names the operation and the table, before anything runs.
/// </summary>
public sealed class QuiverMigrationsSqlGenerator(MigrationsSqlGeneratorDependencies dependencies)
    : MigrationsSqlGenerator(dependencies)
{
    /// <inheritdoc/>
    public override IReadOnlyList<MigrationCommand> Generate(
        IReadOnlyList<MigrationOperation> operations, IModel? model = null, MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default)
        => base.Generate(QuiverTableRebuilds.Rewrite(operations, model), model, options);

    /// <inheritdoc/>
    protected override void Generate(MigrationOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        if (operation is QuiverRebuildTableOperation rebuild)
        {
            Generate(rebuild, model!, builder);
            return;
        }

        base.Generate(operation, model, builder);
    }

    /// <inheritdoc/>
    protected override void Generate(CreateTableOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        foreach (var column in operation.Columns)
        {
            CreateIdentitySequence(operation.Schema, column, builder);
        }

        base.Generate(operation, model, builder, terminate);
    }

    /// <inheritdoc/>
    protected override void Generate(AddColumnOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate)
    {
        CreateIdentitySequence(operation.Schema, operation, builder);
        if (operation.IsNullable || operation.ComputedColumnSql is not null || operation[QuiverAnnotationNames.IdentitySequence] is not null)
        {
            base.Generate(operation, model, builder, terminate);
            return;
        }

        // DuckDB adds no column with a constraint: add it nullable (with its default, which fills the existing rows),
        // then make it NOT NULL.
        operation.IsNullable = true;
        try
        {
            base.Generate(operation, model, builder, terminate: false);
        }
        finally
        {
            operation.IsNullable = false;
        }

        builder.AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        builder.Append("ALTER TABLE ")
            .Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Table, operation.Schema))
            .Append(" ALTER COLUMN ")
            .Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Name))
            .Append(" SET NOT NULL");
        EndStatementIf(terminate, builder, appendTerminator: true);
    }

    /// <inheritdoc/>
    protected override void Generate(DropTableOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        base.Generate(operation, model, builder, terminate: false);
        builder.AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        if (operation[QuiverAnnotationNames.OwnedSequences] is string owned)
        {
            foreach (var sequence in owned.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                DropSequence(operation.Schema, sequence, builder);
            }
        }

        EndStatementIf(terminate, builder);
    }

    /// <inheritdoc/>
    protected override void Generate(DropColumnOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        base.Generate(operation, model, builder, terminate: false);
        builder.AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        if (operation[QuiverAnnotationNames.IdentitySequence] is string sequence)
        {
            DropSequence(operation.Schema, sequence, builder);
        }

        EndStatementIf(terminate, builder);
    }

    /// <inheritdoc/>
    protected override void Generate(AlterColumnOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        var old = operation.OldColumn;
        if (operation.ComputedColumnSql != old.ComputedColumnSql || operation.IsStored != old.IsStored)
        {
            throw Unsupported(operation, operation.Table, "change a column's computed expression (drop and add the column)");
        }

        if (operation[QuiverAnnotationNames.IdentitySequence] as string != old[QuiverAnnotationNames.IdentitySequence] as string)
        {
            throw Unsupported(operation, operation.Table, "make an existing column an identity column or stop it being one");
        }

        var table = Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Table, operation.Schema);
        var column = Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Name);
        var type = operation.ColumnType ?? GetColumnType(operation.Schema, operation.Table, operation.Name, operation, model);
        var oldType = old.ColumnType ?? GetColumnType(operation.Schema, operation.Table, operation.Name, old, model);
        if (!string.Equals(type, oldType, StringComparison.OrdinalIgnoreCase))
        {
            AlterColumn(builder, table, column, $"TYPE {type}");
        }

        if (operation.IsNullable != old.IsNullable)
        {
            AlterColumn(builder, table, column, operation.IsNullable ? "DROP NOT NULL" : "SET NOT NULL");
        }

        if (operation.DefaultValueSql != old.DefaultValueSql || !Equals(operation.DefaultValue, old.DefaultValue))
        {
            if (operation.DefaultValueSql is null && operation.DefaultValue is null)
            {
                AlterColumn(builder, table, column, "DROP DEFAULT");
            }
            else
            {
                builder.Append($"ALTER TABLE {table} ALTER COLUMN {column} SET");
                DefaultValue(operation.DefaultValue, operation.DefaultValueSql, type, builder);
                builder.AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
                EndStatement(builder);
            }
        }
    }

    /// <inheritdoc/>
    protected override void Generate(RenameTableOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        if (operation.NewSchema != operation.Schema)
        {
            throw Unsupported(operation, operation.Name, "move a table to another schema");
        }

        if (operation.NewName is not null && operation.NewName != operation.Name)
        {
            builder.Append("ALTER TABLE ")
                .Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Name, operation.Schema))
                .Append(" RENAME TO ")
                .Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.NewName))
                .AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
            EndStatement(builder);
        }
    }

    /// <inheritdoc/>
    protected override void Generate(RenameColumnOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        builder.Append("ALTER TABLE ")
            .Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Table, operation.Schema))
            .Append(" RENAME COLUMN ")
            .Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Name))
            .Append(" TO ")
            .Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.NewName))
            .AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        EndStatement(builder);
    }

    /// <inheritdoc/>
    protected override void Generate(CreateIndexOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        if (operation.Filter is not null)
        {
            throw Unsupported(operation, operation.Table, "create a filtered (partial) index");
        }

        base.Generate(operation, model, builder, terminate);
    }

    /// <inheritdoc/>
    protected override void Generate(DropIndexOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        builder.Append("DROP INDEX ").Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Name, operation.Schema));
        EndStatementIf(terminate, builder, appendTerminator: true);
    }

    /// <inheritdoc/>
    protected override void Generate(EnsureSchemaOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        builder.Append("CREATE SCHEMA IF NOT EXISTS ")
            .Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Name))
            .AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        EndStatement(builder);
    }

    /// <inheritdoc/>
    protected override void Generate(CreateSequenceOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        builder.Append("CREATE SEQUENCE ").Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Name, operation.Schema))
            .Append(" START WITH ").Append(operation.StartValue.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append(" INCREMENT BY ").Append(operation.IncrementBy.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (operation.MinValue is { } min)
        {
            builder.Append(" MINVALUE ").Append(min.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (operation.MaxValue is { } max)
        {
            builder.Append(" MAXVALUE ").Append(max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        builder.Append(operation.IsCyclic ? " CYCLE" : " NO CYCLE").AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        EndStatement(builder);
    }

    /// <inheritdoc/>
    protected override void Generate(AlterSequenceOperation operation, IModel? model, MigrationCommandListBuilder builder)
        => throw Unsupported(operation, operation.Name, "alter a sequence");

    /// <inheritdoc/>
    protected override void Generate(RenameSequenceOperation operation, IModel? model, MigrationCommandListBuilder builder)
        => throw Unsupported(operation, operation.Name, "rename a sequence");

    /// <inheritdoc/>
    protected override void Generate(RestartSequenceOperation operation, IModel? model, MigrationCommandListBuilder builder)
        => throw Unsupported(operation, operation.Name, "restart a sequence");

    /// <inheritdoc/>
    protected override void Generate(RenameIndexOperation operation, IModel? model, MigrationCommandListBuilder builder)
        => throw Unsupported(operation, operation.Table ?? operation.Name, "rename an index (drop and create it)");

    /// <inheritdoc/>
    protected override void Generate(AddForeignKeyOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
        => throw Unsupported(operation, operation.Table, "add a foreign key to an existing table");

    /// <inheritdoc/>
    protected override void Generate(DropForeignKeyOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
        => throw Unsupported(operation, operation.Table, "drop a foreign key from a table");

    /// <inheritdoc/>
    protected override void Generate(DropPrimaryKeyOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
        => throw Unsupported(operation, operation.Table, "drop a primary key");

    /// <inheritdoc/>
    protected override void Generate(AddUniqueConstraintOperation operation, IModel? model, MigrationCommandListBuilder builder)
        => throw Unsupported(operation, operation.Table, "add a unique constraint to an existing table (a unique index does the same)");

    /// <inheritdoc/>
    protected override void Generate(DropUniqueConstraintOperation operation, IModel? model, MigrationCommandListBuilder builder)
        => throw Unsupported(operation, operation.Table, "drop a unique constraint");

    /// <inheritdoc/>
    protected override void Generate(AddCheckConstraintOperation operation, IModel? model, MigrationCommandListBuilder builder)
        => throw Unsupported(operation, operation.Table, "add a check constraint to an existing table");

    /// <inheritdoc/>
    protected override void Generate(DropCheckConstraintOperation operation, IModel? model, MigrationCommandListBuilder builder)
        => throw Unsupported(operation, operation.Table, "drop a check constraint");

    /// <inheritdoc/>
    protected override void ColumnDefinition(
        string? schema, string table, string name, ColumnOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        if (operation[QuiverAnnotationNames.IdentitySequence] is string sequence)
        {
            builder.Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(name))
                .Append(" ")
                .Append(operation.ColumnType ?? GetColumnType(schema, table, name, operation, model)!)
                .Append(" NOT NULL DEFAULT nextval('")
                .Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(sequence, schema).Replace("'", "''", StringComparison.Ordinal))
                .Append("')");
            return;
        }

        base.ColumnDefinition(schema, table, name, operation, model, builder);
    }

    /// <inheritdoc/>
    protected override void ComputedColumnDefinition(
        string? schema, string table, string name, ColumnOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        if (operation.IsStored == true)
        {
            throw Unsupported(operation, table, "store a computed column (DuckDB computes generated columns when read: leave IsStored unset)");
        }

        builder.Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(name));
        if ((operation.ColumnType ?? GetColumnType(schema, table, name, operation, model)) is { } type)
        {
            builder.Append(" ").Append(type);
        }

        builder.Append(" GENERATED ALWAYS AS (").Append(operation.ComputedColumnSql!).Append(") VIRTUAL");
    }

    /// <inheritdoc/>
    protected override void ForeignKeyConstraint(AddForeignKeyOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        // DuckDB's foreign keys have no referential actions: the constraint alone, and EF deletes tracked dependents.
        if (operation.Name is not null)
        {
            builder.Append("CONSTRAINT ").Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.Name)).Append(" ");
        }

        builder.Append("FOREIGN KEY (")
            .Append(ColumnList(operation.Columns))
            .Append(") REFERENCES ")
            .Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(operation.PrincipalTable, operation.PrincipalSchema));
        if (operation.PrincipalColumns is not null)
        {
            builder.Append(" (").Append(ColumnList(operation.PrincipalColumns)).Append(")");
        }
    }

    // Copy the rows aside, drop the table (and its indexes), create it as the target model has it, copy the rows back,
    // create its indexes. One transaction with the rest of the migration: a failure leaves the old table as it was.
    private void Generate(QuiverRebuildTableOperation rebuild, IModel model, MigrationCommandListBuilder builder)
    {
        var sql = Dependencies.SqlGenerationHelper;
        var table = model.GetRelationalModel().FindTable(rebuild.Name, rebuild.Schema)!;
        var name = sql.DelimitIdentifier(rebuild.Name, rebuild.Schema);
        var copy = sql.DelimitIdentifier("ef_temp_" + rebuild.Name, rebuild.Schema);
        builder.AppendLine($"-- {rebuild.Name} rebuilt for: {string.Join(", ", rebuild.Replaces)} (DuckDB cannot alter it in place)");
        builder.Append($"CREATE TABLE {copy} AS SELECT * FROM {name}").AppendLine(sql.StatementTerminator);
        EndStatement(builder);
        builder.Append($"DROP TABLE {name}").AppendLine(sql.StatementTerminator);
        EndStatement(builder);
        Generate(TargetTable(table), model, builder);

        var columns = new List<string>();
        var values = new List<string>();
        foreach (var (column, old, addedDefault, addedDefaultSql) in rebuild.Sources)
        {
            var target = table.FindColumn(column)!;
            var value = old is not null ? $"CAST({sql.DelimitIdentifier(old)} AS {target.StoreType})"
                : addedDefaultSql ?? (addedDefault is null ? null : target.StoreTypeMapping.GenerateSqlLiteral(addedDefault));
            if (value is not null)
            {
                columns.Add(sql.DelimitIdentifier(column));
                values.Add(value);
            }
        }

        builder.Append($"INSERT INTO {name} ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)} FROM {copy}")
            .AppendLine(sql.StatementTerminator);
        EndStatement(builder);
        builder.Append($"DROP TABLE {copy}").AppendLine(sql.StatementTerminator);
        EndStatement(builder);
        foreach (var index in table.Indexes)
        {
            Generate(new CreateIndexOperation
            {
                Name = index.Name, Schema = table.Schema, Table = table.Name, Columns = [.. index.Columns.Select(c => c.Name)],
                IsUnique = index.IsUnique, IsDescending = index.IsDescending?.ToArray(), Filter = index.Filter,
            }, model, builder);
        }

        foreach (var sequence in rebuild.DroppedSequences)
        {
            DropSequence(rebuild.Schema, sequence, builder);
            EndStatement(builder);
        }
    }

    // The table as the target model defines it, with its key, unique, foreign key and check constraints.
    private static CreateTableOperation TargetTable(ITable table)
    {
        var create = new CreateTableOperation { Name = table.Name, Schema = table.Schema, Comment = table.Comment };
        foreach (var column in table.Columns)
        {
            var add = new AddColumnOperation
            {
                Name = column.Name, Table = table.Name, Schema = table.Schema, ClrType = column.ProviderClrType, ColumnType = column.StoreType,
                IsNullable = column.IsNullable, IsUnicode = column.IsUnicode, IsFixedLength = column.IsFixedLength, MaxLength = column.MaxLength,
                Precision = column.Precision, Scale = column.Scale, IsRowVersion = column.IsRowVersion, DefaultValue = column.DefaultValue,
                DefaultValueSql = column.DefaultValueSql, ComputedColumnSql = column.ComputedColumnSql, IsStored = column.IsStored,
                Comment = column.Comment, Collation = column.Collation,
            };
            if (QuiverIdentityColumns.IsIdentity(column))
            {
                add[QuiverAnnotationNames.IdentitySequence] = QuiverIdentityColumns.SequenceName(table.Name, column.Name);
            }

            create.Columns.Add(add);
        }

        if (table.PrimaryKey is { } key)
        {
            create.PrimaryKey = new AddPrimaryKeyOperation { Name = key.Name, Schema = table.Schema, Table = table.Name, Columns = [.. key.Columns.Select(c => c.Name)] };
        }

        foreach (var unique in table.UniqueConstraints.Where(u => !u.GetIsPrimaryKey()))
        {
            create.UniqueConstraints.Add(new AddUniqueConstraintOperation
            {
                Name = unique.Name, Schema = table.Schema, Table = table.Name, Columns = [.. unique.Columns.Select(c => c.Name)],
            });
        }

        foreach (var foreignKey in table.ForeignKeyConstraints)
        {
            create.ForeignKeys.Add(new AddForeignKeyOperation
            {
                Name = foreignKey.Name, Schema = table.Schema, Table = table.Name, Columns = [.. foreignKey.Columns.Select(c => c.Name)],
                PrincipalTable = foreignKey.PrincipalTable.Name, PrincipalSchema = foreignKey.PrincipalTable.Schema,
                PrincipalColumns = [.. foreignKey.PrincipalColumns.Select(c => c.Name)], OnDelete = foreignKey.OnDeleteAction,
            });
        }

        foreach (var check in table.CheckConstraints)
        {
            create.CheckConstraints.Add(new AddCheckConstraintOperation { Name = check.Name!, Schema = table.Schema, Table = table.Name, Sql = check.Sql });
        }

        return create;
    }

    private void CreateIdentitySequence(string? schema, ColumnOperation column, MigrationCommandListBuilder builder)
    {
        if (column[QuiverAnnotationNames.IdentitySequence] is string sequence)
        {
            // IF NOT EXISTS: a migration written by hand may have dropped the table without naming its sequence.
            builder.Append("CREATE SEQUENCE IF NOT EXISTS ")
                .Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(sequence, schema))
                .AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        }
    }

    private void DropSequence(string? schema, string sequence, MigrationCommandListBuilder builder)
        => builder.Append("DROP SEQUENCE IF EXISTS ")
            .Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(sequence, schema))
            .AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);

    private void AlterColumn(MigrationCommandListBuilder builder, string table, string column, string change)
    {
        builder.Append($"ALTER TABLE {table} ALTER COLUMN {column} {change}").AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        EndStatement(builder);
    }

    private void EndStatementIf(bool terminate, MigrationCommandListBuilder builder, bool appendTerminator = false)
    {
        if (appendTerminator)
        {
            builder.AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        }

        if (terminate)
        {
            EndStatement(builder);
        }
    }

    private static NotSupportedException Unsupported(MigrationOperation operation, string table, string what)
        => new($"DuckDB cannot {what}: the migration operation {operation.GetType().Name} on \"{table}\" is not supported by the Quiver provider. "
            + "It rebuilds such a table from the migration's target model, which this migration does not have (the .Designer.cs file "
            + "`dotnet ef migrations add` writes next to it carries the model); or rebuild the table in the migration by hand.");
}
