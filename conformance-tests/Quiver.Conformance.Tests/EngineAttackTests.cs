using System.Diagnostics;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests;

/// <summary>
/// What a token holder tried against the shared engine (wrapped statements, logging, secrets, the server's own files)
/// is refused with 42501, changes nothing, and leaves every acknowledged row in place.
/// </summary>
public sealed class EngineAttackTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [Theory]
    [InlineData("EXPLAIN ANALYZE SET threads = 1")]
    [InlineData("EXPLAIN ANALYZE SET memory_limit = '64MB'")]
    [InlineData("EXPLAIN ANALYZE SET autoinstall_known_extensions = true")]
    [InlineData("EXPLAIN ANALYZE SET extension_directory = '/tmp'")]
    [InlineData("EXPLAIN ANALYZE SET custom_extension_repository = 'http://127.0.0.1:1'")]
    [InlineData("EXPLAIN ANALYZE SET checkpoint_threshold = '1TB'")]
    [InlineData("EXPLAIN ANALYZE SET lock_configuration = true")]
    [InlineData("EXPLAIN (ANALYZE) SET GLOBAL threads = 1")]
    [InlineData("EXPLAIN ANALYZE PRAGMA enable_profiling")]
    [InlineData("EXPLAIN ANALYZE RESET autoinstall_known_extensions")]
    [InlineData("EXPLAIN SET threads = 1")]
    [InlineData("CALL enable_logging(storage = 'file', storage_path = '/tmp')")]
    [InlineData("CALL enable_logging()")]
    [InlineData("CALL enable_logging(storage = 'stdout')")]
    [InlineData("SELECT * FROM duckdb_logs()")]
    [InlineData("CREATE TEMPORARY SECRET s (TYPE s3, KEY_ID 'k', SECRET 'v')")]
    [InlineData("CREATE PERSISTENT SECRET s (TYPE s3, KEY_ID 'k', SECRET 'v')")]
    [InlineData("SELECT * FROM duckdb_secrets()")]
    [InlineData("PRAGMA database_list")]
    [InlineData("FROM duckdb_settings()")]
    [InlineData("SELECT path FROM duckdb_databases()")]
    [InlineData("SELECT current_setting('temp_directory')")]
    [InlineData("SELECT current_setting('secret_directory')")]
    [InlineData("SELECT current_setting('home_directory')")]
    [InlineData("SELECT current_setting('allowed_paths')")]
    [InlineData("FORCE CHECKPOINT")]
    [InlineData("SELECT * FROM query('SET threads = 1')")]
    [InlineData("PREPARE p AS SELECT * FROM read_blob('x')")]
    public async Task Attacks_through_wrappers_calls_and_settings_are_refused(string sql)
    {
        await using var session = await TestSession.OpenAsync(shared.Server);
        var threads = await session.ScalarAsync("SELECT current_setting('threads')");

        var result = await session.ExecuteAsync(sql);

        Assert.True(result.Error is not null, $"{sql} ran");
        Assert.Equal(("42501", ErrorClass.Permission), (result.Error.SqlState, result.Error.ErrorClass));
        Assert.Equal(threads, await session.ScalarAsync("SELECT current_setting('threads')"));
        Assert.Equal(false, await session.ScalarAsync("SELECT current_setting('autoinstall_known_extensions')"));
        Assert.Equal(false, await session.ScalarAsync("SELECT current_setting('lock_configuration')"));
    }

    [Fact]
    public async Task Every_table_function_that_reaches_files_logs_secrets_or_settings_is_refused()
    {
        // The list comes from the engine itself, so a table function a new DuckDB adds is checked too.
        await using var session = await TestSession.OpenAsync(shared.Server);
        var names = (await session.QueryAsync(
            "SELECT DISTINCT function_name FROM duckdb_functions() WHERE internal AND function_type IN ('table', 'table_macro') ORDER BY 1"))
            .Select(row => (string)row[0]!).ToList();
        Assert.Contains("read_blob", names);

        string[] dangerous = ["read", "glob", "parquet", "log", "secret", "setting", "database", "file", "extension", "query", "sniff", "arrow", "memory", "connection"];
        // Matched by name but harmless: sizes and counts of the session's own database, and the list of secret types.
        string[] harmless = ["duckdb_approx_database_count", "duckdb_secret_types", "pragma_database_size"];
        var unexpected = new List<string>();
        foreach (var name in names.Where(n => dangerous.Any(d => n.Contains(d, StringComparison.Ordinal)) && !harmless.Contains(n)))
        {
            var result = await session.ExecuteAsync($"SELECT * FROM {name}()");
            if (result.Error?.SqlState != "42501")
            {
                unexpected.Add($"{name}: {result.Error?.SqlState ?? "ran"}");
            }
        }

        Assert.Empty(unexpected);
    }

    [Fact]
    public async Task No_SQL_reaches_the_database_its_WAL_its_temp_folder_or_the_token_and_acknowledged_rows_survive()
    {
        var data = ServerProcess.NewDataFolder();
        try
        {
            string token;
            await using (var server = await ServerProcess.StartAsync(data, generateToken: true))
            {
                token = await File.ReadAllTextAsync(Path.Combine(data, "token"));
                await using var session = await TestSession.OpenAsync(server);
                await session.RunAsync("CREATE TABLE kept (i INTEGER)", "INSERT INTO kept SELECT * FROM range(1000)");
                Directory.CreateDirectory(Path.Combine(data, "quiver.duckdb.tmp"));

                var failures = new List<string>();
                foreach (var file in new[] { "quiver.duckdb", "quiver.duckdb.wal", "quiver.duckdb.wal.checkpoint", "token", "quiver.duckdb.tmp/x.csv" })
                {
                    var path = Path.Combine(data, file).Replace("'", "''", StringComparison.Ordinal);
                    string[] attempts =
                    [
                        $"EXPLAIN ANALYZE COPY (SELECT repeat('Z', 5000) AS a) TO '{path}' (FORMAT csv, USE_TMP_FILE false)",
                        $"COPY (SELECT repeat('Z', 5000) AS a) TO '{path}' (FORMAT csv, USE_TMP_FILE false)",
                        $"SELECT * FROM read_blob('{path}')",
                        $"SELECT * FROM read_text('{path}')",
                        $"SELECT * FROM read_csv('{path}')",
                        $"SELECT * FROM '{path}'",
                    ];
                    foreach (var sql in attempts)
                    {
                        var result = await session.ExecuteAsync(sql);
                        if (result.Error is null)
                        {
                            failures.Add(sql);
                        }
                        else
                        {
                            Assert.DoesNotContain(data, result.Error.Message, StringComparison.Ordinal);
                        }
                    }
                }

                Assert.Empty(failures);
                await session.RunAsync("INSERT INTO kept SELECT * FROM range(1000, 2000)");

                // A crash, not a clean shutdown: what was acknowledged must be in the WAL.
                Process.GetProcessById(server.ProcessId).Kill();
            }

            Assert.Equal(token, await File.ReadAllTextAsync(Path.Combine(data, "token")));
            Assert.False(File.Exists(Path.Combine(data, "quiver.duckdb.tmp", "x.csv")));
            await using var restarted = await ServerProcess.StartAsync(data);
            await using var after = await TestSession.OpenAsync(restarted);
            Assert.Equal(2000L, await after.ScalarAsync("SELECT count(*) FROM kept"));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task No_server_path_appears_in_messages_metadata_or_readable_settings()
    {
        var root = ServerProcess.NewDataFolder();
        var deep = Directory.CreateDirectory(Path.Combine(root, "a-rather", "deep", "working", "directory")).FullName;
        try
        {
            // Started from deep inside the file system with a relative data folder, as an operator might.
            await using var server = await ServerProcess.StartFromAsync(deep, "data");
            await using var session = await TestSession.OpenAsync(server);
            await session.RunAsync("CREATE TABLE t AS SELECT range AS i FROM range(10)");
            string[] probes =
            [
                "SHOW DATABASES", "SHOW ALL TABLES", "PRAGMA database_size", "SELECT * FROM pragma_database_size()",
                "SELECT * FROM duckdb_tables()", "SELECT * FROM duckdb_schemas()", "SELECT * FROM information_schema.schemata",
                "SELECT * FROM pragma_storage_info('t')", "SELECT * FROM duckdb_views()", "PRAGMA version",
                "SELECT * FROM 'missing.csv'", "SELECT * FROM 'missing.parquet'", "SELECT * FROM read_csv('missing.csv')",
                "ATTACH 'other.duckdb'", "COPY t TO 'out.csv'", "CREATE SECRET s (TYPE s3)", "SELECT * FROM duckdb_secrets()",
                "PRAGMA database_list", "FROM duckdb_settings()", "SELECT * FROM duckdb_databases()", "SELECT * FROM duckdb_extensions()",
                "SELECT * FROM duckdb_temporary_files()", "SELECT current_database(), current_schema(), version()",
                .. new[] { "TimeZone", "memory_limit", "threads", "temp_directory", "extension_directory", "secret_directory", "home_directory",
                    "allowed_paths", "allowed_directories", "max_temp_directory_size", "default_order", "log_query_path", "profiling_output" }
                    .Select(name => $"SELECT current_setting('{name}')"),
            ];

            var seen = new List<string>();
            foreach (var sql in probes)
            {
                var result = await session.ExecuteAsync(sql);
                seen.Add(result.Error?.Message ?? "");
                seen.AddRange(result.ResultSets.SelectMany(set => set.Rows).SelectMany(row => row).Select(value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
            }

            var metadata = await session.Client.GetMetadataAsync(new MetadataRequest { Session = session.Session, Catalogs = new CatalogsRequest() }, session.Auth);
            var catalogs = await OperationResult.ReadAsync(metadata);
            seen.AddRange(catalogs.ResultSets.SelectMany(set => set.Rows).SelectMany(row => row).Select(value => value?.ToString() ?? ""));

            Assert.All(seen, text =>
            {
                Assert.DoesNotContain(root, text, StringComparison.Ordinal);
                Assert.DoesNotContain("/root", text, StringComparison.Ordinal);
                Assert.DoesNotContain(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + "/", text, StringComparison.Ordinal);
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
