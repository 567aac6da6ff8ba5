namespace Quiver.Odbc.Catalog;

/// <summary>
/// The catalog functions as queries on DuckDB's own catalog (information_schema and the duckdb_* table functions),
/// shaped as the ODBC reference defines each result: the same column names, order and types, and the documented order
/// of rows. Arguments go as parameters, never into the text. What DuckDB does not have (procedures, privileges, row
/// versions) is an empty result with the right columns.
/// </summary>
internal static class CatalogQueries
{
    /// <summary>A search pattern or an identifier, as SQL_ATTR_METADATA_ID says; NULL (and "") match everything.</summary>
    internal readonly record struct Filter(string? Value, bool IsPattern);

    internal sealed record Query(string Sql, List<object?> Arguments);

    private static string Condition(string column, Filter filter, List<object?> arguments)
    {
        if (string.IsNullOrEmpty(filter.Value) || (filter.IsPattern && filter.Value == "%"))
        {
            return "true";
        }

        if (filter.IsPattern)
        {
            arguments.Add(filter.Value);
            return $"{column} LIKE ? ESCAPE '\\'";
        }

        var value = filter.Value;
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            arguments.Add(value[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal));
            return $"{column} = ?";
        }

        arguments.Add(value);
        return $"lower({column}) = lower(?)";
    }

    private const string TablesSource = """
        SELECT table_catalog AS TABLE_CAT, table_schema AS TABLE_SCHEM, table_name AS TABLE_NAME,
               CASE table_type WHEN 'BASE TABLE' THEN 'TABLE' ELSE table_type END AS TABLE_TYPE,
               CAST(TABLE_COMMENT AS VARCHAR) AS REMARKS
        FROM information_schema.tables
        """;

    public static Query Tables(Filter catalog, Filter schema, Filter table, string? types)
    {
        var arguments = new List<object?>();
        // The special enumerations of SQLTables: catalogs, schemas, table types.
        if (catalog.Value == "%" && schema.Value == "" && table.Value == "")
        {
            return new("SELECT DISTINCT catalog_name AS TABLE_CAT, NULL::VARCHAR AS TABLE_SCHEM, NULL::VARCHAR AS TABLE_NAME, NULL::VARCHAR AS TABLE_TYPE, NULL::VARCHAR AS REMARKS FROM information_schema.schemata ORDER BY 1", arguments);
        }

        if (schema.Value == "%" && catalog.Value == "" && table.Value == "")
        {
            return new("SELECT DISTINCT NULL::VARCHAR AS TABLE_CAT, schema_name AS TABLE_SCHEM, NULL::VARCHAR AS TABLE_NAME, NULL::VARCHAR AS TABLE_TYPE, NULL::VARCHAR AS REMARKS FROM information_schema.schemata ORDER BY 2", arguments);
        }

        if (types == "%" && catalog.Value == "" && schema.Value == "" && table.Value == "")
        {
            return new("SELECT NULL::VARCHAR AS TABLE_CAT, NULL::VARCHAR AS TABLE_SCHEM, NULL::VARCHAR AS TABLE_NAME, t AS TABLE_TYPE, NULL::VARCHAR AS REMARKS FROM (VALUES ('LOCAL TEMPORARY'), ('TABLE'), ('VIEW')) v(t) ORDER BY 4", arguments);
        }

        var where = $"{Condition("TABLE_CAT", catalog, arguments)} AND {Condition("TABLE_SCHEM", schema, arguments)} AND {Condition("TABLE_NAME", table, arguments)}";
        if (!string.IsNullOrWhiteSpace(types) && types.Trim() != "%")
        {
            var list = types.Split(',').Select(t => t.Trim().Trim('\'').ToUpperInvariant()).Where(t => t.Length > 0).ToList();
            where += " AND TABLE_TYPE IN (" + string.Join(", ", list.Select(_ => "?")) + ")";
            arguments.AddRange(list);
        }

        return new($"SELECT * FROM ({TablesSource}) WHERE {where} ORDER BY TABLE_TYPE, TABLE_CAT, TABLE_SCHEM, TABLE_NAME", arguments);
    }

    public static Query Columns(Filter catalog, Filter schema, Filter table, Filter column)
    {
        var arguments = new List<object?>();
        var sql = $"""
            SELECT * FROM (
              SELECT c.database_name AS TABLE_CAT, c.schema_name AS TABLE_SCHEM, c.table_name AS TABLE_NAME, c.column_name AS COLUMN_NAME,
                     {TypeTable.DataTypeCase("c.data_type")}, c.data_type AS TYPE_NAME,
                     c.column_index::INTEGER AS ORDINAL_POSITION, c.is_nullable AS nullable_, c.column_default AS COLUMN_DEF, c.comment AS REMARKS
              FROM duckdb_columns() c)
            """;
        var where = $"{Condition("TABLE_CAT", catalog, arguments)} AND {Condition("TABLE_SCHEM", schema, arguments)} AND {Condition("TABLE_NAME", table, arguments)} AND {Condition("COLUMN_NAME", column, arguments)}";
        var shaped = $"""
            SELECT TABLE_CAT, TABLE_SCHEM, TABLE_NAME, COLUMN_NAME, DATA_TYPE, TYPE_NAME, COLUMN_SIZE,
                   (CASE WHEN DATA_TYPE IN (-9, -8, -10) THEN COLUMN_SIZE * 2 WHEN DATA_TYPE = 3 THEN 19 WHEN DATA_TYPE IN (-6, -7) THEN 1
                         WHEN DATA_TYPE = 5 THEN 2 WHEN DATA_TYPE IN (4, 7) THEN 4 WHEN DATA_TYPE IN (-5, 8) THEN 8 WHEN DATA_TYPE IN (91, 92) THEN 6
                         WHEN DATA_TYPE IN (93, -11) THEN 16 ELSE COLUMN_SIZE END)::INTEGER AS BUFFER_LENGTH,
                   DECIMAL_DIGITS, NUM_PREC_RADIX, (CASE WHEN nullable_ THEN 1 ELSE 0 END)::SMALLINT AS NULLABLE, REMARKS, COLUMN_DEF,
                   (CASE WHEN DATA_TYPE IN (91, 92, 93) THEN 9 ELSE DATA_TYPE END)::SMALLINT AS SQL_DATA_TYPE,
                   (CASE DATA_TYPE WHEN 91 THEN 1 WHEN 92 THEN 2 WHEN 93 THEN 3 END)::SMALLINT AS SQL_DATETIME_SUB,
                   (CASE WHEN DATA_TYPE IN (-9, -8, -10) THEN COLUMN_SIZE * 2 WHEN DATA_TYPE IN (-3, -2, -4, 12, 1, -1) THEN COLUMN_SIZE END)::INTEGER AS CHAR_OCTET_LENGTH,
                   ORDINAL_POSITION, CASE WHEN nullable_ THEN 'YES' ELSE 'NO' END AS IS_NULLABLE
            FROM ({sql}) WHERE {where} ORDER BY TABLE_CAT, TABLE_SCHEM, TABLE_NAME, ORDINAL_POSITION
            """;
        return new(shaped, arguments);
    }

    public static Query PrimaryKeys(string? catalog, string? schema, string table)
    {
        var arguments = new List<object?>();
        var where = $"{Condition("TABLE_CAT", new(catalog, false), arguments)} AND {Condition("TABLE_SCHEM", new(schema, false), arguments)} AND {Condition("TABLE_NAME", new(table, false), arguments)}";
        return new($"""
            SELECT * FROM (
              SELECT database_name AS TABLE_CAT, schema_name AS TABLE_SCHEM, table_name AS TABLE_NAME,
                     unnest(constraint_column_names) AS COLUMN_NAME, unnest(range(1, len(constraint_column_names) + 1))::SMALLINT AS KEY_SEQ,
                     constraint_name AS PK_NAME
              FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY')
            WHERE {where} ORDER BY TABLE_CAT, TABLE_SCHEM, TABLE_NAME, KEY_SEQ
            """, arguments);
    }

    public static Query ForeignKeys(string? pkCatalog, string? pkSchema, string? pkTable, string? fkCatalog, string? fkSchema, string? fkTable)
    {
        var arguments = new List<object?>();
        var conditions = new List<string>();
        if (!string.IsNullOrEmpty(pkTable))
        {
            conditions.Add(Condition("PKTABLE_CAT", new(pkCatalog, false), arguments));
            conditions.Add(Condition("PKTABLE_SCHEM", new(pkSchema, false), arguments));
            conditions.Add(Condition("PKTABLE_NAME", new(pkTable, false), arguments));
        }

        if (!string.IsNullOrEmpty(fkTable))
        {
            conditions.Add(Condition("FKTABLE_CAT", new(fkCatalog, false), arguments));
            conditions.Add(Condition("FKTABLE_SCHEM", new(fkSchema, false), arguments));
            conditions.Add(Condition("FKTABLE_NAME", new(fkTable, false), arguments));
        }

        if (conditions.Count == 0)
        {
            throw new OdbcException("HY009", "SQLForeignKeys needs a primary-key table name, a foreign-key table name, or both.");
        }

        var order = string.IsNullOrEmpty(fkTable) ? "FKTABLE_CAT, FKTABLE_SCHEM, FKTABLE_NAME, KEY_SEQ" : "PKTABLE_CAT, PKTABLE_SCHEM, PKTABLE_NAME, KEY_SEQ";
        return new($"""
            SELECT * FROM (
              SELECT f.database_name AS PKTABLE_CAT, f.schema_name AS PKTABLE_SCHEM, f.referenced_table AS PKTABLE_NAME,
                     unnest(f.referenced_column_names) AS PKCOLUMN_NAME,
                     f.database_name AS FKTABLE_CAT, f.schema_name AS FKTABLE_SCHEM, f.table_name AS FKTABLE_NAME,
                     unnest(f.constraint_column_names) AS FKCOLUMN_NAME,
                     unnest(range(1, len(f.constraint_column_names) + 1))::SMALLINT AS KEY_SEQ,
                     1::SMALLINT AS UPDATE_RULE, 1::SMALLINT AS DELETE_RULE, f.constraint_name AS FK_NAME,
                     (SELECT p.constraint_name FROM duckdb_constraints() p
                      WHERE p.constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND p.database_name = f.database_name AND p.schema_name = f.schema_name
                        AND p.table_name = f.referenced_table AND p.constraint_column_names = f.referenced_column_names LIMIT 1) AS PK_NAME,
                     7::SMALLINT AS DEFERRABILITY
              FROM duckdb_constraints() f WHERE f.constraint_type = 'FOREIGN KEY')
            WHERE {string.Join(" AND ", conditions)} ORDER BY {order}
            """, arguments);
    }

    /// <summary>SQLStatistics: the table's row count (SQL_TABLE_STAT), then its unique constraints' and indexes' columns.</summary>
    public static Query Statistics(string? catalog, string? schema, string table, bool uniqueOnly)
    {
        var arguments = new List<object?>();
        var where = $"{Condition("TABLE_CAT", new(catalog, false), arguments)} AND {Condition("TABLE_SCHEM", new(schema, false), arguments)} AND {Condition("TABLE_NAME", new(table, false), arguments)}";
        var indexes = uniqueOnly ? "WHERE false" : "";
        return new($"""
            SELECT * FROM (
              SELECT database_name AS TABLE_CAT, schema_name AS TABLE_SCHEM, table_name AS TABLE_NAME, NULL::SMALLINT AS NON_UNIQUE,
                     NULL::VARCHAR AS INDEX_QUALIFIER, NULL::VARCHAR AS INDEX_NAME, 0::SMALLINT AS TYPE, NULL::SMALLINT AS ORDINAL_POSITION,
                     NULL::VARCHAR AS COLUMN_NAME, NULL::VARCHAR AS ASC_OR_DESC, estimated_size::INTEGER AS CARDINALITY, NULL::INTEGER AS PAGES,
                     NULL::VARCHAR AS FILTER_CONDITION
              FROM duckdb_tables()
              UNION ALL
              SELECT database_name, schema_name, table_name, 0::SMALLINT, database_name, constraint_name, 3::SMALLINT,
                     unnest(range(1, len(constraint_column_names) + 1))::SMALLINT, unnest(constraint_column_names), 'A', NULL::INTEGER, NULL::INTEGER, NULL
              FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE')
              UNION ALL
              SELECT database_name, schema_name, table_name, (NOT is_unique)::SMALLINT, database_name, index_name, 3::SMALLINT,
                     NULL::SMALLINT, expressions, NULL, NULL::INTEGER, NULL::INTEGER, NULL
              FROM duckdb_indexes() {indexes})
            WHERE {where} ORDER BY NON_UNIQUE NULLS FIRST, TYPE, INDEX_QUALIFIER, INDEX_NAME, ORDINAL_POSITION
            """, arguments);
    }

    /// <summary>SQLSpecialColumns: SQL_BEST_ROWID is the primary key; SQL_ROWVER (1 is BEST_ROWID, 2 ROWVER) has no columns in DuckDB.</summary>
    public static Query SpecialColumns(short identifierType, string? catalog, string? schema, string table)
    {
        var arguments = new List<object?>();
        var where = $"{Condition("k.database_name", new(catalog, false), arguments)} AND {Condition("k.schema_name", new(schema, false), arguments)} AND {Condition("k.table_name", new(table, false), arguments)}";
        var rowVersion = identifierType == 2 ? " AND false" : "";
        return new($"""
            SELECT 2::SMALLINT AS SCOPE, COLUMN_NAME, DATA_TYPE, TYPE_NAME, COLUMN_SIZE, NULL::INTEGER AS BUFFER_LENGTH, DECIMAL_DIGITS, 1::SMALLINT AS PSEUDO_COLUMN
            FROM (SELECT c.column_name AS COLUMN_NAME, {TypeTable.DataTypeCase("c.data_type")}, c.data_type AS TYPE_NAME, c.column_index
                  FROM (SELECT database_name, schema_name, table_name, unnest(constraint_column_names) AS column_name FROM duckdb_constraints()
                        WHERE constraint_type = 'PRIMARY KEY') k
                  JOIN duckdb_columns() c ON c.database_name = k.database_name AND c.schema_name = k.schema_name AND c.table_name = k.table_name AND c.column_name = k.column_name
                  WHERE {where}{rowVersion})
            ORDER BY column_index
            """, arguments);
    }

    public static Query Empty(params string[] columns)
        => new("SELECT " + string.Join(", ", columns.Select(c => c.Contains(' ', StringComparison.Ordinal) ? c : $"NULL::VARCHAR AS {c}")) + " WHERE false", []);

    public static Query Procedures() => Empty("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "NULL::INTEGER AS NUM_INPUT_PARAMS",
        "NULL::INTEGER AS NUM_OUTPUT_PARAMS", "NULL::INTEGER AS NUM_RESULT_SETS", "REMARKS", "NULL::SMALLINT AS PROCEDURE_TYPE");

    public static Query ProcedureColumns() => Empty("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "COLUMN_NAME", "NULL::SMALLINT AS COLUMN_TYPE",
        "NULL::SMALLINT AS DATA_TYPE", "TYPE_NAME", "NULL::INTEGER AS COLUMN_SIZE", "NULL::INTEGER AS BUFFER_LENGTH", "NULL::SMALLINT AS DECIMAL_DIGITS",
        "NULL::SMALLINT AS NUM_PREC_RADIX", "NULL::SMALLINT AS NULLABLE", "REMARKS", "COLUMN_DEF", "NULL::SMALLINT AS SQL_DATA_TYPE",
        "NULL::SMALLINT AS SQL_DATETIME_SUB", "NULL::INTEGER AS CHAR_OCTET_LENGTH", "NULL::INTEGER AS ORDINAL_POSITION", "IS_NULLABLE");

    public static Query TablePrivileges() => Empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE");

    public static Query ColumnPrivileges() => Empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE");
}
