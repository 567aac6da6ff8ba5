using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.EntityFrameworkCore.Scaffolding.Metadata;
using Quiver.Data;

namespace Quiver.EntityFrameworkCore.Scaffolding.Internal;

/// <summary>
/// Reverse engineering (<c>dotnet ef dbcontext scaffold</c>): the tenant's tables, columns, keys, foreign keys, indexes
/// and sequences, read from DuckDB's catalog functions through the server. A column whose default is <c>nextval</c> is
/// generated on add; DuckDB does not keep VARCHAR lengths, so string columns come back without a maximum length.
/// </summary>
public sealed class QuiverDatabaseModelFactory : DatabaseModelFactory
{
    /// <inheritdoc/>
    public override DatabaseModel Create(string connectionString, DatabaseModelFactoryOptions options)
    {
        using var connection = new QuiverConnection(connectionString);
        return Create(connection, options);
    }

    /// <inheritdoc/>
    public override DatabaseModel Create(DbConnection connection, DatabaseModelFactoryOptions options)
    {
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            connection.Open();
        }

        try
        {
            return Read(connection, options);
        }
        finally
        {
            if (opened)
            {
                connection.Close();
            }
        }
    }

    private static DatabaseModel Read(DbConnection connection, DatabaseModelFactoryOptions options)
    {
        var model = new DatabaseModel { DefaultSchema = "main", DatabaseName = Scalar(connection, "SELECT current_database()") };
        var schemas = options.Schemas.ToHashSet(StringComparer.Ordinal);
        var tables = options.Tables.ToHashSet(StringComparer.Ordinal);
        foreach (var row in Rows(connection, """
            SELECT schema_name, table_name, comment FROM duckdb_tables()
            WHERE database_name = current_database() AND NOT internal AND NOT temporary
              AND table_name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock')
            ORDER BY schema_name, table_name
            """))
        {
            var (schema, name) = ((string)row[0]!, (string)row[1]!);
            if ((schemas.Count > 0 || tables.Count > 0) && !schemas.Contains(schema) && !tables.Contains(name) && !tables.Contains(schema + "." + name))
            {
                continue;
            }

            model.Tables.Add(new DatabaseTable { Database = model, Schema = schema, Name = name, Comment = row[2] as string });
        }

        ReadColumns(connection, model);
        ReadConstraints(connection, model);
        ReadIndexes(connection, model);
        foreach (var row in Rows(connection, """
            SELECT schema_name, sequence_name, start_value, increment_by, min_value, max_value, cycle FROM duckdb_sequences()
            WHERE database_name = current_database() AND NOT temporary ORDER BY schema_name, sequence_name
            """))
        {
            model.Sequences.Add(new DatabaseSequence
            {
                Database = model, Schema = (string)row[0]!, Name = (string)row[1]!, StoreType = "BIGINT",
                StartValue = Convert.ToInt64(row[2], CultureInfo.InvariantCulture), IncrementBy = Convert.ToInt32(row[3], CultureInfo.InvariantCulture),
                MinValue = Convert.ToInt64(row[4], CultureInfo.InvariantCulture), MaxValue = Convert.ToInt64(row[5], CultureInfo.InvariantCulture),
                IsCyclic = (bool)row[6]!,
            });
        }

        return model;
    }

    private static void ReadColumns(DbConnection connection, DatabaseModel model)
    {
        foreach (var row in Rows(connection, """
            SELECT schema_name, table_name, column_name, data_type, is_nullable, column_default, comment FROM duckdb_columns()
            WHERE database_name = current_database() AND NOT internal ORDER BY schema_name, table_name, column_index
            """))
        {
            if (Find(model, row[0], row[1]) is not { } table)
            {
                continue;
            }

            var defaultSql = row[5] as string;
            table.Columns.Add(new DatabaseColumn
            {
                Table = table,
                Name = (string)row[2]!,
                StoreType = (string)row[3]!,
                IsNullable = (bool)row[4]!,
                DefaultValueSql = defaultSql,
                ValueGenerated = defaultSql?.StartsWith("nextval(", StringComparison.OrdinalIgnoreCase) == true ? ValueGenerated.OnAdd : null,
                Comment = row[6] as string,
            });
        }
    }

    private static void ReadConstraints(DbConnection connection, DatabaseModel model)
    {
        foreach (var row in Rows(connection, """
            SELECT schema_name, table_name, constraint_type, constraint_name, constraint_column_names, referenced_table, referenced_column_names
            FROM duckdb_constraints()
            WHERE database_name = current_database() AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
            ORDER BY schema_name, table_name, constraint_index
            """))
        {
            if (Find(model, row[0], row[1]) is not { } table)
            {
                continue;
            }

            var columns = Columns(table, row[4]);
            var name = (string)row[3]!;
            switch ((string)row[2]!)
            {
                case "PRIMARY KEY":
                    var key = new DatabasePrimaryKey { Table = table, Name = name };
                    columns.ForEach(key.Columns.Add);
                    table.PrimaryKey = key;
                    break;
                case "UNIQUE":
                    var unique = new DatabaseUniqueConstraint { Table = table, Name = name };
                    columns.ForEach(unique.Columns.Add);
                    table.UniqueConstraints.Add(unique);
                    break;
                default:
                    if (Find(model, row[0], row[5]) is not { } principal)
                    {
                        break; // a table left out of the scaffold
                    }

                    var foreignKey = new DatabaseForeignKey
                    {
                        Table = table, Name = name, PrincipalTable = principal, OnDelete = ReferentialAction.NoAction,
                    };
                    columns.ForEach(foreignKey.Columns.Add);
                    Columns(principal, row[6]).ForEach(foreignKey.PrincipalColumns.Add);
                    table.ForeignKeys.Add(foreignKey);
                    break;
            }
        }
    }

    private static void ReadIndexes(DbConnection connection, DatabaseModel model)
    {
        foreach (var row in Rows(connection, """
            SELECT schema_name, table_name, index_name, is_unique, expressions FROM duckdb_indexes()
            WHERE database_name = current_database() AND NOT is_primary ORDER BY schema_name, table_name, index_name
            """))
        {
            if (Find(model, row[0], row[1]) is not { } table)
            {
                continue;
            }

            var columns = Columns(table, row[4]);
            if (columns.Count == 0)
            {
                continue; // an index on expressions: EF models indexes on columns only
            }

            var index = new DatabaseIndex { Table = table, Name = (string)row[2]!, IsUnique = (bool)row[3]! };
            columns.ForEach(index.Columns.Add);
            table.Indexes.Add(index);
        }
    }

    // A list of column names, as a LIST value or as DuckDB's text of one ("[a, "b c"]"); empty when any is not a column.
    private static List<DatabaseColumn> Columns(DatabaseTable table, object? names)
    {
        var list = names switch
        {
            string[] array => array,
            object[] array => array.Select(n => n?.ToString() ?? "").ToArray(),
            string text => text.Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(n => n.Length > 1 && n[0] == '"' && n[^1] == '"' ? n[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : n)
                .ToArray(),
            _ => [],
        };
        var columns = list.Select(n => table.Columns.FirstOrDefault(c => c.Name == n)).ToList();
        return columns.All(c => c is not null) ? columns.Select(c => c!).ToList() : [];
    }

    private static DatabaseTable? Find(DatabaseModel model, object? schema, object? name)
        => model.Tables.FirstOrDefault(t => t.Schema == (string?)schema && t.Name == (string?)name);

    private static string? Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }

    private static List<object?[]> Rows(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
