using System.Text.Json;

namespace Quiver.Data.Internal;

/// <summary>Where a result column comes from, for <c>CommandBehavior.KeyInfo</c>.</summary>
internal sealed record BaseColumn(
    string Catalog, string Schema, string Table, string Column, bool IsKey, bool IsUnique, bool AllowDBNull, bool IsAutoIncrement, bool IsAliased);

/// <summary>
/// Finds the base table and columns behind a single-table SELECT, for <c>CommandBehavior.KeyInfo</c> (what
/// DbCommandBuilder and DataAdapter's AddWithKey ask for). DuckDB's result columns carry no origin, so the statement is
/// parsed by DuckDB itself (json_serialize_sql) rather than by a parser of ours, and the table's columns and keys come
/// from duckdb_columns() and duckdb_constraints(). Anything beyond one base table without grouping (joins, set
/// operations, views, CTEs, COLUMNS/EXCLUDE/REPLACE stars) gives no base information, as a provider that cannot tell
/// must; an expression column in an otherwise plain SELECT is reported as an expression.
/// </summary>
internal static class KeyInfoResolver
{
    private const string TableColumnsSql = """
        WITH target AS (
            SELECT table_oid FROM duckdb_tables()
            WHERE lower(table_name) = lower($table)
              AND ($catalog = '' OR lower(database_name) = lower($catalog))
              AND (($schema = '' AND (database_name = 'temp' OR (database_name = current_database() AND schema_name = current_schema())))
                   OR lower(schema_name) = lower($schema)
                   OR ($catalog = '' AND lower(database_name) = lower($schema) AND schema_name = 'main'))
            ORDER BY CASE WHEN database_name = 'temp' THEN 0 WHEN database_name = current_database() THEN 1 ELSE 2 END
            LIMIT 1)
        SELECT c.database_name, c.schema_name, c.table_name, c.column_name, c.is_nullable,
               coalesce(c.column_default LIKE 'nextval(%', false) AS auto_increment,
               EXISTS (SELECT 1 FROM duckdb_constraints() k WHERE k.table_oid = c.table_oid AND k.constraint_type = 'PRIMARY KEY'
                       AND list_contains(k.constraint_column_names, c.column_name)) AS is_key,
               EXISTS (SELECT 1 FROM duckdb_constraints() k WHERE k.table_oid = c.table_oid AND k.constraint_type IN ('PRIMARY KEY', 'UNIQUE')
                       AND len(k.constraint_column_names) = 1 AND k.constraint_column_names[1] = c.column_name) AS is_unique
        FROM duckdb_columns() c JOIN target USING (table_oid)
        ORDER BY c.column_index
        """;

    /// <summary>One entry per result column, null where a column is an expression; null when nothing can be said.</summary>
    public static async Task<BaseColumn?[]?> ResolveAsync(QuiverConnection connection, string sql, bool async, CancellationToken cancellationToken)
    {
        var tree = (string?)await ScalarAsync(connection, "SELECT json_serialize_sql($sql::VARCHAR)", [("sql", sql)], async, cancellationToken).ConfigureAwait(false);
        if (tree is null || Parse(tree) is not { } select)
        {
            return null;
        }

        var columns = await TableColumnsAsync(connection, select.Table, async, cancellationToken).ConfigureAwait(false);
        return columns.Count == 0 ? null : Expand(select, columns);
    }

    private sealed record TableRef(string Catalog, string Schema, string Name, string Alias);

    private sealed record SelectItem(bool IsStar, string? Column, string Alias);

    private sealed record SingleTableSelect(TableRef Table, List<SelectItem> Items);

    private static SingleTableSelect? Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (Bool(root, "error") || !root.TryGetProperty("statements", out var statements) || statements.GetArrayLength() != 1)
        {
            return null;
        }

        var node = statements[0].GetProperty("node");
        if (Str(node, "type") != "SELECT_NODE" || !IsEmpty(node, "group_expressions") || !IsNull(node, "having")
            || Str(node, "aggregate_handling") is not ("STANDARD_HANDLING" or null)
            || (node.TryGetProperty("cte_map", out var ctes) && !IsEmpty(ctes, "map"))
            || !node.TryGetProperty("from_table", out var from) || Str(from, "type") != "BASE_TABLE")
        {
            return null;
        }

        var table = new TableRef(Str(from, "catalog_name") ?? "", Str(from, "schema_name") ?? "", Str(from, "table_name") ?? "", Str(from, "alias") ?? "");
        var items = new List<SelectItem>();
        foreach (var entry in node.GetProperty("select_list").EnumerateArray())
        {
            var alias = Str(entry, "alias") ?? "";
            switch (Str(entry, "class"))
            {
                case "STAR":
                    if (!PlainStar(entry, table))
                    {
                        return null;
                    }

                    items.Add(new SelectItem(true, null, ""));
                    break;
                case "COLUMN_REF":
                    items.Add(new SelectItem(false, ColumnOf(entry, table), alias));
                    break;
                default:
                    items.Add(new SelectItem(false, null, alias));
                    break;
            }
        }

        return new SingleTableSelect(table, items);
    }

    private static bool PlainStar(JsonElement star, TableRef table)
    {
        var relation = Str(star, "relation_name") ?? "";
        return (relation.Length == 0 || NamesTable(relation, table)) && !Bool(star, "columns") && IsNull(star, "expr")
            && IsEmpty(star, "exclude_list") && IsEmpty(star, "replace_list") && IsEmpty(star, "rename_list") && IsEmpty(star, "qualified_exclude_list");
    }

    // A column reference names the table's column when it is bare or qualified by the table's alias (or name).
    private static string? ColumnOf(JsonElement reference, TableRef table)
    {
        var names = reference.GetProperty("column_names").EnumerateArray().Select(n => n.GetString() ?? "").ToArray();
        return names.Length switch
        {
            1 => names[0],
            2 when NamesTable(names[0], table) => names[1],
            3 when table.Alias.Length == 0 && Same(names[0], table.Schema) && Same(names[1], table.Name) => names[2],
            _ => null,
        };
    }

    private static bool NamesTable(string qualifier, TableRef table) => Same(qualifier, table.Alias.Length > 0 ? table.Alias : table.Name);

    private static BaseColumn?[] Expand(SingleTableSelect select, List<BaseColumn> columns)
    {
        var result = new List<BaseColumn?>();
        foreach (var item in select.Items)
        {
            if (item.IsStar)
            {
                result.AddRange(columns);
                continue;
            }

            var column = item.Column is null ? null : columns.FirstOrDefault(c => Same(c.Column, item.Column));
            result.Add(column is null ? null : column with { IsAliased = item.Alias.Length > 0 && !Same(item.Alias, column.Column) });
        }

        return [.. result];
    }

    private static async Task<List<BaseColumn>> TableColumnsAsync(QuiverConnection connection, TableRef table, bool async, CancellationToken cancellationToken)
    {
        var command = Internal(connection, TableColumnsSql, [("table", table.Name), ("schema", table.Schema), ("catalog", table.Catalog)]);
        await using (command.ConfigureAwait(false))
        {
            var reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader();
            await using (reader.ConfigureAwait(false))
            {
                var columns = new List<BaseColumn>();
                while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
                {
                    columns.Add(new BaseColumn(
                        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(6), reader.GetBoolean(7),
                        reader.GetBoolean(4), reader.GetBoolean(5), IsAliased: false));
                }

                return columns;
            }
        }
    }

    private static async Task<object?> ScalarAsync(
        QuiverConnection connection, string sql, (string, string)[] parameters, bool async, CancellationToken cancellationToken)
    {
        var command = Internal(connection, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var value = async ? await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteScalar();
            return value is DBNull ? null : value;
        }
    }

    private static QuiverCommand Internal(QuiverConnection connection, string sql, (string Name, string Value)[] parameters)
    {
        var command = new QuiverCommand(sql, connection) { Transaction = connection.CurrentTransaction };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string? Str(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Bool(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static bool IsNull(JsonElement element, string name)
        => !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;

    private static bool IsEmpty(JsonElement element, string name)
        => !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null
            || (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0);
}
