using Apache.Arrow;
using Apache.Arrow.Types;
using Quiver.Data;

namespace Quiver.Adbc;

/// <summary>
/// AdbcConnectionGetObjects and GetTableTypes from the server's catalog (information_schema and duckdb_constraints(),
/// read in the connection's session, so it sees its tenant's database and its own temporary tables).
/// </summary>
internal static class Objects
{
    public static readonly string[] Types = ["TABLE", "TEMPORARY TABLE", "VIEW"];

    private const string TableType = "CASE table_type WHEN 'BASE TABLE' THEN 'TABLE' WHEN 'LOCAL TEMPORARY' THEN 'TEMPORARY TABLE' ELSE table_type END";

    public static RecordBatch TableTypes()
    {
        var types = new StringArray.Builder().AppendRange(Types).Build();
        return new RecordBatch(new Schema([new Field("table_type", StringType.Default, false)], null), [types], types.Length);
    }

    public static RecordBatch Batch(QuiverAdbcConnection connection, ObjectFilter filter)
    {
        var catalogs = new List<Catalog>();
        Read(connection, "SELECT DISTINCT catalog_name FROM information_schema.schemata WHERE catalog_name <> 'system' AND catalog_name LIKE ? ORDER BY 1",
            [filter.Catalog], reader => catalogs.Add(new Catalog(reader.GetString(0), filter.Schemas ? [] : null)));
        var byCatalog = catalogs.ToDictionary(c => c.Name);

        if (filter.Schemas)
        {
            Read(connection,
                "SELECT catalog_name, schema_name FROM information_schema.schemata WHERE catalog_name <> 'system' AND catalog_name LIKE ? AND schema_name LIKE ? ORDER BY 1, 2",
                [filter.Catalog, filter.Schema],
                reader =>
                {
                    if (byCatalog.TryGetValue(reader.GetString(0), out var catalog))
                    {
                        catalog.Schemas!.Add(new DbSchema(reader.GetString(1), filter.Tables ? [] : null));
                    }
                });
        }

        var tables = new Dictionary<(string, string, string), Table>();
        if (filter.Tables)
        {
            var schemas = catalogs.SelectMany(c => c.Schemas!.Select(s => (c.Name, s))).ToDictionary(p => (p.Name, p.s.Name), p => p.s);
            Read(connection,
                $"SELECT table_catalog, table_schema, table_name, {TableType} FROM information_schema.tables WHERE table_catalog <> 'system' AND table_catalog LIKE ? AND table_schema LIKE ? AND table_name LIKE ? ORDER BY 1, 2, 3",
                [filter.Catalog, filter.Schema, filter.Table],
                reader =>
                {
                    var type = reader.GetString(3);
                    if ((filter.TableTypes is null || filter.TableTypes.Contains(type)) && schemas.TryGetValue((reader.GetString(0), reader.GetString(1)), out var schema))
                    {
                        var table = new Table(reader.GetString(2), type, filter.Columns ? [] : null, filter.Columns ? [] : null);
                        schema.Tables!.Add(table);
                        tables[(reader.GetString(0), reader.GetString(1), table.Name)] = table;
                    }
                });
        }

        if (filter.Columns)
        {
            ReadColumns(connection, filter, tables);
            ReadConstraints(connection, filter, tables);
        }

        return ObjectsBuilder.Build(catalogs);
    }

    private static void ReadColumns(QuiverAdbcConnection connection, ObjectFilter filter, Dictionary<(string, string, string), Table> tables)
    {
        Read(connection,
            """
            SELECT table_catalog, table_schema, table_name, column_name, ordinal_position::INTEGER, COLUMN_COMMENT, data_type,
                   numeric_precision::INTEGER, numeric_scale::INTEGER, numeric_precision_radix::INTEGER, is_nullable, column_default,
                   character_maximum_length::INTEGER
            FROM information_schema.columns
            WHERE table_catalog <> 'system' AND table_catalog LIKE ? AND table_schema LIKE ? AND table_name LIKE ? AND column_name LIKE ?
            ORDER BY 1, 2, 3, 5
            """,
            [filter.Catalog, filter.Schema, filter.Table, filter.Column],
            reader =>
            {
                if (!tables.TryGetValue((reader.GetString(0), reader.GetString(1), reader.GetString(2)), out var table))
                {
                    return;
                }

                int? Int(int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);
                string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                var type = reader.GetString(6);
                var xdbc = XdbcTypes.Of(type);
                var nullable = reader.GetString(10) == "YES";
                var defaultValue = Text(11);
                table.Columns!.Add(new Column(
                    reader.GetString(3), reader.GetInt32(4), Text(5), xdbc.DataType, type,
                    Int(7) ?? Int(12), Int(8), Int(9), nullable, defaultValue, xdbc.SqlDataType, xdbc.DatetimeSub,
                    defaultValue?.StartsWith("nextval(", StringComparison.Ordinal) == true));
            });
    }

    private static void ReadConstraints(QuiverAdbcConnection connection, ObjectFilter filter, Dictionary<(string, string, string), Table> tables)
    {
        Read(connection,
            """
            SELECT database_name, schema_name, table_name, constraint_name, constraint_type, constraint_column_names,
                   referenced_table, referenced_column_names
            FROM duckdb_constraints()
            WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY', 'UNIQUE', 'CHECK')
              AND database_name LIKE ? AND schema_name LIKE ? AND table_name LIKE ?
            ORDER BY 1, 2, 3, constraint_index
            """,
            [filter.Catalog, filter.Schema, filter.Table],
            reader =>
            {
                if (!tables.TryGetValue((reader.GetString(0), reader.GetString(1), reader.GetString(2)), out var table))
                {
                    return;
                }

                var columns = reader.GetFieldValue<string[]>(5);
                var usage = new List<Usage>();
                if (reader.GetString(4) == "FOREIGN KEY" && !reader.IsDBNull(6))
                {
                    // DuckDB's foreign keys reference a table in the same schema.
                    usage.AddRange(reader.GetFieldValue<string[]>(7).Select(column => new Usage(reader.GetString(0), reader.GetString(1), reader.GetString(6), column)));
                }

                table.Constraints!.Add(new Constraint(reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), columns, usage));
            });
    }

    // Runs a catalog query with its LIKE patterns bound (NULL: match everything).
    private static void Read(QuiverAdbcConnection connection, string sql, string?[] patterns, Action<QuiverDataReader> row)
    {
        using var command = connection.Command(sql);
        foreach (var pattern in patterns)
        {
            command.Parameters.Add(new QuiverParameter { Value = pattern ?? "%" });
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            row(reader);
        }
    }
}

internal sealed record Catalog(string Name, List<DbSchema>? Schemas);

internal sealed record DbSchema(string Name, List<Table>? Tables);

internal sealed record Table(string Name, string Type, List<Column>? Columns, List<Constraint>? Constraints);

internal sealed record Column(
    string Name, int Ordinal, string? Remarks, short DataType, string TypeName, int? Size, int? DecimalDigits, int? Radix,
    bool Nullable, string? Default, short SqlDataType, short? DatetimeSub, bool AutoIncrement);

internal sealed record Constraint(string? Name, string Type, IReadOnlyList<string> Columns, IReadOnlyList<Usage> Usage);

internal sealed record Usage(string Catalog, string Schema, string Table, string Column);
