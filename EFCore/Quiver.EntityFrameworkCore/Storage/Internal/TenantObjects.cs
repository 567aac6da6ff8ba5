using System.Data.Common;

namespace Quiver.EntityFrameworkCore.Storage.Internal;

/// <summary>
/// The DROP statements that empty a tenant's database, in an order DuckDB accepts: views first (they depend on tables),
/// then tables with no remaining table referencing them by foreign key, then sequences (column defaults depend on them),
/// macros, types and finally schemas other than <c>main</c>.
/// </summary>
internal static class TenantObjects
{
    private const string ObjectsSql = """
        SELECT 'VIEW' AS kind, schema_name, view_name AS name FROM duckdb_views()
            WHERE database_name = current_database() AND NOT internal AND NOT temporary
        UNION ALL SELECT 'TABLE', schema_name, table_name FROM duckdb_tables()
            WHERE database_name = current_database() AND NOT internal AND NOT temporary
        UNION ALL SELECT 'SEQUENCE', schema_name, sequence_name FROM duckdb_sequences()
            WHERE database_name = current_database() AND NOT temporary
        UNION ALL SELECT DISTINCT CASE function_type WHEN 'table_macro' THEN 'MACRO TABLE' ELSE 'MACRO' END, schema_name, function_name
            FROM duckdb_functions()
            WHERE database_name = current_database() AND NOT internal AND function_type IN ('macro', 'table_macro')
        UNION ALL SELECT 'TYPE', schema_name, type_name FROM duckdb_types()
            WHERE database_name = current_database() AND NOT internal AND schema_name <> 'pg_catalog'
        UNION ALL SELECT 'SCHEMA', schema_name, schema_name FROM duckdb_schemas()
            WHERE database_name = current_database() AND NOT internal AND schema_name <> 'main'
        """;

    // A foreign key's referencing and referenced table, so that referencing tables are dropped first.
    private const string ForeignKeysSql = """
        SELECT schema_name, table_name, referenced_table FROM duckdb_constraints()
        WHERE database_name = current_database() AND constraint_type = 'FOREIGN KEY'
        """;

    private static readonly string[] KindOrder = ["VIEW", "TABLE", "SEQUENCE", "MACRO TABLE", "MACRO", "TYPE", "SCHEMA"];

    public static async Task<IReadOnlyList<string>> DropStatementsAsync(
        DbConnection connection, DbTransaction? transaction, bool async, CancellationToken cancellationToken)
    {
        var objects = await ReadAsync(connection, transaction, ObjectsSql, async, cancellationToken).ConfigureAwait(false);
        var foreignKeys = await ReadAsync(connection, transaction, ForeignKeysSql, async, cancellationToken).ConfigureAwait(false);
        var statements = new List<string>();
        foreach (var kind in KindOrder)
        {
            var ofKind = objects.Where(o => o[0] == kind).Select(o => (Schema: o[1], Name: o[2])).ToList();
            if (kind == "TABLE")
            {
                ofKind = ReferencingFirst(ofKind, foreignKeys);
            }

            foreach (var (schema, name) in ofKind)
            {
                statements.Add(kind == "SCHEMA"
                    ? $"DROP SCHEMA IF EXISTS {Quote(name)}"
                    : $"DROP {kind} IF EXISTS {Quote(schema)}.{Quote(name)}");
            }
        }

        return statements;
    }

    // Tables ordered so that a table comes before every table it references (DuckDB refuses to drop a referenced one).
    private static List<(string Schema, string Name)> ReferencingFirst(List<(string Schema, string Name)> tables, List<string[]> foreignKeys)
    {
        var remaining = new List<(string Schema, string Name)>(tables);
        var ordered = new List<(string Schema, string Name)>(tables.Count);
        while (remaining.Count > 0)
        {
            // Referenced tables are named without their schema by duckdb_constraints: match on schema of the referencing one.
            var free = remaining.Where(t => !foreignKeys.Any(fk =>
                    fk[0] == t.Schema && fk[2] == t.Name && fk[1] != t.Name
                    && remaining.Any(r => r.Schema == fk[0] && r.Name == fk[1])))
                .ToList();
            if (free.Count == 0)
            {
                // A cycle of foreign keys cannot be dropped table by table; let DuckDB report it on the first.
                free = remaining;
            }

            ordered.AddRange(free);
            remaining.RemoveAll(free.Contains);
        }

        return ordered;
    }

    private static async Task<List<string[]>> ReadAsync(
        DbConnection connection, DbTransaction? transaction, string sql, bool async, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        var rows = new List<string[]>();
        await using var reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader();
        while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.GetString(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
