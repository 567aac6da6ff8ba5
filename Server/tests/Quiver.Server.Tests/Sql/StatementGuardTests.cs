using Quiver.DuckDb;
using Quiver.Server.Sql;

namespace Quiver.Server.Tests.Sql;

/// <summary>The guard on statements DuckDB 1.5.6 really prepares (in memory, with Quiver's safety settings).</summary>
public sealed class StatementGuardTests : IDisposable
{
    private readonly InMemoryDatabase _database = new();
    private readonly DuckDbConnection _connection;

    public StatementGuardTests()
    {
        _connection = _database.Database.Connect();
        _connection.Execute("CREATE TABLE t AS SELECT 1 AS x");
        FunctionPolicy.Learn(_connection);
    }

    [Theory]
    [InlineData("SET TimeZone = 'UTC'", true)]
    [InlineData("set session timezone to 'UTC'", true)]
    [InlineData("SET SESSION search_path = 'main'", true)]
    [InlineData("RESET Calendar", true)]
    [InlineData("USE memory", true)]
    [InlineData("SET VARIABLE x = 1", true)]
    [InlineData("SET threads = 1", false)]
    [InlineData("SET GLOBAL TimeZone = 'UTC'", false)]
    [InlineData("/* TimeZone */ SET \"memory_limit\" = '1GB'", false)]
    [InlineData("PRAGMA memory_limit = '1GB'", false)]
    public void Only_per_session_settings_pass_the_guard(string sql, bool allowed)
        => Assert.Equal(allowed, Refusal(sql) is null);

    [Theory]
    [InlineData("INSTALL x")]
    [InlineData("ATTACH 'x.duckdb'")]
    [InlineData("DETACH x")]
    [InlineData("COPY t TO 'x.csv'")]
    [InlineData("EXPORT DATABASE 'x'")]
    [InlineData("PRAGMA enable_profiling")]
    [InlineData("PRAGMA database_list")]
    [InlineData("FORCE CHECKPOINT")]
    [InlineData("DROP SECRET s")]
    public void Engine_wide_statements_are_refused(string sql)
        => Assert.NotNull(Refusal(sql));

    [Theory]
    [InlineData("EXPLAIN ANALYZE SET threads = 1")]
    [InlineData("EXPLAIN SET memory_limit = '64MB'")]
    [InlineData("explain  analyse SET autoinstall_known_extensions = true")]
    [InlineData("EXPLAIN (ANALYZE, FORMAT json) SET GLOBAL threads = 2")]
    [InlineData("EXPLAIN ANALYZE COPY (SELECT 1) TO 'x.csv' (USE_TMP_FILE false)")]
    [InlineData("EXPLAIN ANALYZE PRAGMA enable_profiling")]
    [InlineData("EXPLAIN ANALYZE SET lock_configuration = true")]
    [InlineData("EXPLAIN ANALYZE RESET autoinstall_known_extensions")]
    [InlineData("EXPLAIN ANALYZE CALL enable_logging()")]
    [InlineData("EXPLAIN ANALYZE FORCE CHECKPOINT")]
    public void Wrapped_statements_are_judged_like_plain_ones(string sql)
        => Assert.NotNull(Refusal(sql));

    [Theory]
    [InlineData("SELECT * FROM read_blob('quiver.duckdb.wal')")]
    [InlineData("SELECT * FROM main.\"Read_Text\" /* */ ('x')")]
    [InlineData("CALL enable_logging(storage = 'file', storage_path = '/tmp')")]
    [InlineData("CALL enable_logging()")]
    [InlineData("SELECT * FROM duckdb_logs()")]
    [InlineData("FROM duckdb_settings()")]
    [InlineData("SELECT path FROM duckdb_databases()")]
    [InlineData("SELECT * FROM duckdb_secrets()")]
    [InlineData("SELECT * FROM query('COPY t TO ''x''')")]
    [InlineData("CREATE MACRO m() AS TABLE SELECT * FROM read_csv('x.csv')")]
    [InlineData("CREATE VIEW v AS SELECT * FROM glob('*')")]
    [InlineData("SELECT current_setting('temp_directory')")]
    [InlineData("SELECT current_setting(name) FROM (SELECT 'secret_directory' AS name)")]
    [InlineData("SELECT write_log('x')")]
    [InlineData("SELECT * FROM U&\"read_blob\"('x')")]
    [InlineData("CALL force_checkpoint()")]
    [InlineData("-- it's a comment\nSELECT * FROM read_blob('x')")]
    public void Calls_to_file_engine_and_log_functions_are_refused(string sql)
        => Assert.NotNull(StatementGuard.TextRefusal(sql));

    [Theory]
    [InlineData("SELECT 1")]
    [InlineData("CREATE TABLE secrets(x INT)")]
    [InlineData("BEGIN")]
    [InlineData("CREATE TEMP TABLE secret AS SELECT 1")]
    [InlineData("DROP TABLE IF EXISTS secret")]
    [InlineData("EXPLAIN SELECT * FROM range(10)")]
    [InlineData("EXPLAIN ANALYZE SELECT count(*) FROM t")]
    [InlineData("PREPARE q AS SELECT $1::INTEGER + x FROM t")]
    [InlineData("CHECKPOINT")]
    [InlineData("PRAGMA version")]
    [InlineData("PRAGMA table_info('t')")]
    [InlineData("SELECT current_setting('TimeZone'), 'read_blob(' AS text")]
    [InlineData("SELECT * FROM duckdb_tables() JOIN duckdb_columns() USING (table_name)")]
    [InlineData("SUMMARIZE t")]
    [InlineData("DESCRIBE t")]
    [InlineData("SELECT unnest([1, 2]), list_transform([1], x -> x + 1)")]
    public void Ordinary_statements_pass(string sql)
        => Assert.Null(Refusal(sql));

    [Fact]
    public void Every_table_function_of_the_engine_was_reviewed_and_is_either_allowed_or_refused()
    {
        // A DuckDB upgrade that adds a table function fails here until someone decides which list it belongs in
        // (until then the server refuses it, because it is not on the allow-list).
        using var query = _connection.Prepare(
            "SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE internal AND function_type IN ('table', 'table_macro')");
        using var result = query.Execute();
        var engine = new SortedSet<string>(StringComparer.Ordinal);
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                for (var row = 0; row < chunk.RowCount; row++)
                {
                    engine.Add(chunk.GetVector(0).GetString(row));
                }
            }
        }

        Assert.Empty(FunctionPolicy.AllowedTableFunctions.Intersect(FunctionPolicy.RefusedTableFunctions));
        // The server's own functions (quiver_queries, ...) are allowed but are not DuckDB's.
        Assert.Equal(engine, new SortedSet<string>(
            FunctionPolicy.AllowedTableFunctions.Union(FunctionPolicy.RefusedTableFunctions).Except(ServerFunctions.Names), StringComparer.Ordinal));
        Assert.All(engine.Except(FunctionPolicy.AllowedTableFunctions), name => Assert.NotNull(StatementGuard.TextRefusal($"SELECT * FROM {name}()")));
    }

    [Fact]
    public void Every_setting_whose_value_names_a_server_path_is_unreadable_through_current_setting()
    {
        var folder = Directory.CreateTempSubdirectory("quiver-paths-").FullName;
        try
        {
            using (var database = DuckDbDatabase.Open(Path.Combine(folder, "quiver.duckdb"), new DuckDbDatabaseOptions { ExtensionDirectory = Path.Combine(folder, "extensions") }))
            using (var connection = database.Connect())
            {
                using var query = connection.Prepare("SELECT name, value FROM duckdb_settings()");
                using var result = query.Execute();
                var named = new List<string>();
                while (result.FetchChunk() is { } chunk)
                {
                    using (chunk)
                    {
                        for (var row = 0; row < chunk.RowCount; row++)
                        {
                            var value = chunk.GetVector(1).Validity.IsValid(row) ? chunk.GetVector(1).GetString(row) : "";
                            if (value.Contains(folder, StringComparison.Ordinal) || value.Contains(Path.DirectorySeparatorChar + "root", StringComparison.Ordinal))
                            {
                                named.Add(chunk.GetVector(0).GetString(row));
                            }
                        }
                    }
                }

                Assert.NotEmpty(named);
                Assert.All(named, name => Assert.NotNull(StatementGuard.TextRefusal($"SELECT current_setting('{name}')")));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // As the server does: the text first, then the prepared statement's kind.
    private string? Refusal(string sql)
    {
        if (StatementGuard.TextRefusal(sql) is { } called)
        {
            return called;
        }

        try
        {
            using var prepared = _connection.Prepare(sql);
            return StatementGuard.Refusal(_connection, prepared.StatementType, sql);
        }
        catch (DuckDbException error) when (error.ErrorType is DuckDbErrorType.Permission)
        {
            // DuckDB itself refused it at prepare (a file outside the allowed paths).
            return error.Message;
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
    }
}
