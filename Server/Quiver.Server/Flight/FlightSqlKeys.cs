using Quiver.Protocol.V1;
using Quiver.Server.Execution;

namespace Quiver.Server.Flight;

/// <summary>
/// Flight SQL's key commands from duckdb_constraints(): primary keys, and foreign keys seen from either side. DuckDB
/// refuses a change that would break a foreign key and has no cascading actions, so both rules are RESTRICT (1).
/// </summary>
internal static class FlightSqlKeys
{
    private const string PrimaryKeys = """
        SELECT catalog_name, db_schema_name, table_name, column_name, key_name, key_sequence FROM (
            SELECT database_name AS catalog_name, schema_name AS db_schema_name, table_name, constraint_name AS key_name,
                   unnest(constraint_column_names) AS column_name, unnest(range(1, len(constraint_column_names) + 1))::INTEGER AS key_sequence
            FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY')
        WHERE (? = '' OR catalog_name = ?) AND (? = '' OR db_schema_name = ?) AND table_name = ?
        ORDER BY 1, 2, 3, 5, 6
        """;

    // Every foreign key column pair; the filters of each command follow.
    private const string ForeignKeys = """
        SELECT * FROM (
            SELECT f.database_name AS pk_catalog_name, f.schema_name AS pk_db_schema_name, f.referenced_table AS pk_table_name,
                   unnest(f.referenced_column_names) AS pk_column_name,
                   f.database_name AS fk_catalog_name, f.schema_name AS fk_db_schema_name, f.table_name AS fk_table_name,
                   unnest(f.constraint_column_names) AS fk_column_name,
                   unnest(range(1, len(f.constraint_column_names) + 1))::INTEGER AS key_sequence,
                   f.constraint_name AS fk_key_name,
                   (SELECT p.constraint_name FROM duckdb_constraints() p
                    WHERE p.constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND p.database_name = f.database_name AND p.schema_name = f.schema_name
                      AND p.table_name = f.referenced_table AND p.constraint_column_names = f.referenced_column_names LIMIT 1) AS pk_key_name,
                   1::UTINYINT AS update_rule, 1::UTINYINT AS delete_rule
            FROM duckdb_constraints() f WHERE f.constraint_type = 'FOREIGN KEY')
        """;

    private const string PkSide = "(? = '' OR pk_catalog_name = ?) AND (? = '' OR pk_db_schema_name = ?) AND pk_table_name = ?";
    private const string FkSide = "(? = '' OR fk_catalog_name = ?) AND (? = '' OR fk_db_schema_name = ?) AND fk_table_name = ?";

    public static Statement Primary(string catalog, string schema, string table)
        => MetadataQueries.With(PrimaryKeys, catalog, catalog, schema, schema, table);

    /// <summary>The foreign keys that reference <paramref name="table"/>'s keys.</summary>
    public static Statement Exported(string catalog, string schema, string table)
        => MetadataQueries.With($"{ForeignKeys} WHERE {PkSide} ORDER BY 5, 6, 7, 10, 9", catalog, catalog, schema, schema, table);

    /// <summary>The foreign keys <paramref name="table"/> holds.</summary>
    public static Statement Imported(string catalog, string schema, string table)
        => MetadataQueries.With($"{ForeignKeys} WHERE {FkSide} ORDER BY 1, 2, 3, 11, 9", catalog, catalog, schema, schema, table);

    public static Statement CrossReference(string pkCatalog, string pkSchema, string pkTable, string fkCatalog, string fkSchema, string fkTable)
        => MetadataQueries.With(
            $"{ForeignKeys} WHERE {PkSide} AND {FkSide} ORDER BY 1, 2, 3, 11, 9",
            pkCatalog, pkCatalog, pkSchema, pkSchema, pkTable, fkCatalog, fkCatalog, fkSchema, fkSchema, fkTable);
}
