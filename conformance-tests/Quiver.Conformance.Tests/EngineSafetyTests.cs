using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests;

/// <summary>Statements that would reconfigure the shared engine or reach files are refused with SQLSTATE 42501.</summary>
public sealed class EngineSafetyTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [Theory]
    [InlineData("SET threads = 1", "threads")]
    [InlineData("SET GLOBAL TimeZone = 'UTC'", "GLOBAL")]
    [InlineData("SET SESSION memory_limit = '1GB'", "memory_limit")]
    [InlineData("RESET threads", "threads")]
    [InlineData("SET autoinstall_known_extensions = true", "autoinstall_known_extensions")]
    [InlineData("SET enable_external_access = true", "enable_external_access")]
    [InlineData("PRAGMA threads = 4", "threads")]
    [InlineData("PRAGMA disable_checkpoint_on_shutdown", "PRAGMA")]
    [InlineData("INSTALL httpfs", "INSTALL")]
    [InlineData("LOAD httpfs", "LOAD")]
    [InlineData("UPDATE EXTENSIONS", "UPDATE EXTENSIONS")]
    [InlineData("ATTACH ':memory:' AS other", "ATTACH")]
    [InlineData("DETACH other", "DETACH")]
    [InlineData("COPY (SELECT 1) TO '/tmp/quiver-refused.csv'", "")]
    [InlineData("EXPORT DATABASE '/tmp/quiver-refused'", "")]
    [InlineData("IMPORT DATABASE '/tmp/quiver-refused'", "")]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')", "")]
    [InlineData("SELECT * FROM read_text('/etc/hostname')", "")]
    [InlineData("CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 'v')", "")]
    public async Task Refused_statements_fail_with_42501_and_a_message_naming_them(string sql, string named)
    {
        await using var session = await TestSession.OpenAsync(shared.Server);

        var result = await session.ExecuteAsync(sql);

        Assert.NotNull(result.Error);
        Assert.Equal("42501", result.Error.SqlState);
        Assert.Equal(ErrorClass.Permission, result.Error.ErrorClass);
        Assert.Contains(named, result.Error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(result.ResultSets);
    }

    [Fact]
    public async Task Global_SET_threads_is_refused_while_per_session_settings_work()
    {
        await using var session = await TestSession.OpenAsync(shared.Server);
        var threads = await session.ScalarAsync("SELECT current_setting('threads')");

        var refused = await session.ExecuteAsync("SET threads = 1");
        var allowed = await session.ExecuteAsync("SET TimeZone = 'America/New_York'", "SET search_path = 'main'", "USE main", "RESET TimeZone");

        Assert.Equal("42501", refused.Error!.SqlState);
        Assert.Null(allowed.Error);
        Assert.Equal([StatementKind.Set, StatementKind.Set, StatementKind.Set, StatementKind.Set], allowed.ResultSets.Select(s => s.End.Kind));
        Assert.Equal(threads, await session.ScalarAsync("SELECT current_setting('threads')"));
        Assert.Equal(false, await session.ScalarAsync("SELECT current_setting('autoinstall_known_extensions')"));
        Assert.Equal(false, await session.ScalarAsync("SELECT current_setting('enable_external_access')"));
    }

    [Fact]
    public async Task A_refused_statement_in_a_batch_stops_the_batch_before_it_runs()
    {
        await using var session = await TestSession.OpenAsync(shared.Server);

        var result = await session.ExecuteAsync("CREATE TEMP TABLE before_refusal(x INT); SET threads = 1; CREATE TEMP TABLE after_refusal(x INT)");

        Assert.Equal("42501", result.Error!.SqlState);
        Assert.Equal(0L, await session.ScalarAsync("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'after_refusal'"));
        Assert.Equal(1L, await session.ScalarAsync("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'before_refusal'"));
    }
}
