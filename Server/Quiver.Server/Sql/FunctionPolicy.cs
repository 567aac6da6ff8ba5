using Quiver.DuckDb;
using Quiver.Protocol.Sql;

namespace Quiver.Server.Sql;

/// <summary>
/// Which DuckDB functions a session may call. Table functions are allowed by name, one by one (reviewed against
/// <c>duckdb_functions()</c> of DuckDB 1.5.6): a table function DuckDB adds later is refused until it is reviewed here.
/// Refused are those that read or write files, run SQL the guard cannot see, reconfigure or inspect the engine as a
/// whole, or reveal server paths. docs/duckdb-safety.md lists them with the reasons.
/// </summary>
internal static class FunctionPolicy
{
    /// <summary>Table functions (and table macros) a session may call: data generators, its own catalog, JSON over values.</summary>
    public static IReadOnlySet<string> AllowedTableFunctions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "range", "generate_series", "repeat", "repeat_row", "unnest", "json_each", "json_tree", "summary",
        "test_all_types", "test_vector_types", "icu_calendar_names", "pg_timezone_names", "sql_auto_complete",
        "histogram", "histogram_values", "checkpoint",
        "duckdb_columns", "duckdb_constraints", "duckdb_dependencies", "duckdb_functions", "duckdb_indexes",
        "duckdb_keywords", "duckdb_schemas", "duckdb_sequences", "duckdb_tables", "duckdb_types", "duckdb_views",
        "duckdb_variables", "duckdb_prepared_statements", "duckdb_optimizers", "duckdb_secret_types",
        "duckdb_table_sample", "duckdb_coordinate_systems", "duckdb_approx_database_count",
        "pragma_collations", "pragma_table_info", "pragma_show", "pragma_version", "pragma_platform",
        "pragma_user_agent", "pragma_database_size", "pragma_storage_info", "pragma_metadata_info",
        "quiver_queries", "quiver_sessions", "quiver_cancel",
    };

    /// <summary>PRAGMA statements a session may run: the ones that only read its own catalog or the engine's version.</summary>
    public static IReadOnlySet<string> AllowedPragmas { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "version", "platform", "user_agent", "table_info", "show", "collations", "database_size", "storage_info",
        "metadata_info", "show_tables", "show_tables_expanded", "show_databases", "functions",
    };

    /// <summary>Scalar functions refused outright: <c>write_log</c> writes into the engine-wide log.</summary>
    public static IReadOnlySet<string> DeniedScalarFunctions { get; } = new HashSet<string>(StringComparer.Ordinal) { "write_log" };

    /// <summary>The table functions and table macros of DuckDB 1.5.6 reviewed and refused; the message says why.</summary>
    public static IReadOnlySet<string> RefusedTableFunctions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "arrow_scan", "arrow_scan_dumb", "check_peg_parser", "disable_logging", "disable_peg_parser", "disable_profiling",
        "duckdb_connection_count", "duckdb_databases", "duckdb_extensions", "duckdb_external_file_cache", "duckdb_log_contexts",
        "duckdb_logs", "duckdb_memory", "duckdb_secrets", "duckdb_settings", "duckdb_temporary_files", "enable_logging",
        "enable_peg_parser", "enable_profiling", "force_checkpoint", "glob", "json_execute_serialized_sql",
        "parquet_bloom_probe", "parquet_file_metadata", "parquet_full_metadata", "parquet_kv_metadata", "parquet_metadata",
        "parquet_scan", "parquet_schema", "query", "query_table", "read_blob", "read_csv", "read_csv_auto", "read_duckdb",
        "read_json", "read_json_auto", "read_json_objects", "read_json_objects_auto", "read_ndjson", "read_ndjson_auto",
        "read_ndjson_objects", "read_parquet", "read_text", "seq_scan", "sniff_csv", "truncate_duckdb_logs", "which_secret",
        "duckdb_logs_parsed", "duckdb_profiling_settings",
    };

    private static volatile HashSet<string> s_tableFunctions = new(RefusedTableFunctions, StringComparer.Ordinal);

    /// <summary>Every built-in table function and table macro the loaded DuckDB knows (read once from the first database).</summary>
    public static IReadOnlySet<string> TableFunctions => s_tableFunctions;

    /// <summary>Reads the names of DuckDB's built-in table functions, so that a new one is refused, not missed.</summary>
    public static void Learn(DuckDbConnection connection)
    {
        using var query = connection.Prepare(
            "SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE internal AND function_type IN ('table', 'table_macro')");
        using var result = query.Execute();
        var names = new HashSet<string>(RefusedTableFunctions, StringComparer.Ordinal);
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                var vector = chunk.GetVector(0);
                for (var row = 0; row < chunk.RowCount; row++)
                {
                    names.Add(vector.GetString(row));
                }
            }
        }

        s_tableFunctions = names;
    }

    /// <summary>Null when every call in <paramref name="sql"/> is allowed, otherwise why not.</summary>
    public static string? Refusal(string sql)
    {
        if (SqlText.HasUnicodeEscapes(sql))
        {
            return "Unicode-escaped names and strings (U&\"...\", U&'...') are not allowed through Quiver.";
        }

        var known = s_tableFunctions;
        foreach (var call in SqlText.Calls(sql))
        {
            if (DeniedScalarFunctions.Contains(call.Name) || (known.Contains(call.Name) && !AllowedTableFunctions.Contains(call.Name)))
            {
                return $"{call.Name}() is not allowed: {Reason(call.Name)}.";
            }

            if (call.Name == "current_setting" && SettingRefusal(sql, call) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    /// <summary>True for a setting whose value names a server file or folder.</summary>
    public static bool NamesAPath(string setting)
    {
        var name = setting.ToLowerInvariant();
        return name.Contains("directory", StringComparison.Ordinal) || name.Contains("directories", StringComparison.Ordinal)
            || name.Contains("path", StringComparison.Ordinal) || name.Contains("file", StringComparison.Ordinal)
            || name.Contains("output", StringComparison.Ordinal) || name.Contains("repository", StringComparison.Ordinal)
            || name.Contains("secret", StringComparison.Ordinal);
    }

    // current_setting('name') with a literal name that is not a path; anything computed could name any setting.
    private static string? SettingRefusal(string sql, SqlCall call)
    {
        var name = SqlText.StringAt(sql, call.Arguments, out var end);
        if (name is null || SqlText.SkipBlanks(sql, end) is var close && (close >= sql.Length || sql[close] != ')'))
        {
            return "current_setting() is allowed only with a setting's name as a literal, such as current_setting('TimeZone').";
        }

        return NamesAPath(name) ? $"current_setting('{name}') is not allowed: it names a server file or folder." : null;
    }

    private static string Reason(string name) => name switch
    {
        _ when name.StartsWith("read_", StringComparison.Ordinal) || name.StartsWith("parquet_", StringComparison.Ordinal)
            || name is "glob" or "sniff_csv" => "the server's files are out of reach of SQL",
        "query" or "query_table" or "json_execute_serialized_sql" => "it runs SQL that Quiver cannot check first",
        "enable_logging" or "disable_logging" or "truncate_duckdb_logs" or "duckdb_logs" or "duckdb_logs_parsed" or "duckdb_log_contexts" or "write_log"
            => "the engine's log is shared by every session of the database",
        "duckdb_secrets" or "which_secret" => "secrets are not available through Quiver",
        "force_checkpoint" => "it aborts other sessions' transactions",
        "arrow_scan" or "arrow_scan_dumb" or "seq_scan" => "it is an engine-internal function",
        _ => "it reconfigures or inspects the engine for every session, or reveals server paths",
    };
}
