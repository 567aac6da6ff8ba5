using Quiver.Conformance.Tests.Adbc;
using Quiver.Conformance.Tests.Ado;

namespace Quiver.Conformance.Tests.Odbc;

/// <summary>unixODBC's isql against the real server through libquiverodbc: by connection string and by DSN.</summary>
public sealed class OdbcIsqlTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Isql_connects_with_a_connection_string_and_prints_a_querys_rows()
    {
        await OdbcDriver.EnsureAsync();
        var (code, output) = await ProcessRunner.RunWithInputAsync(
            "isql", Limit, null, "SELECT 40 + 2 AS answer, 'grüße' AS word, DATE '2024-02-29' AS day, NULL AS nothing;\n",
            "-v", "-b", "-k", OdbcDriver.ConnectionString(fixture.Server));
        Assert.True(code == 0, output);
        Assert.Matches(@"42\s*\|?\s*grüße\s*\|?\s*2024-02-29", output.Replace("|", " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Isql_connects_through_a_DSN_from_odbc_ini()
    {
        await OdbcDriver.EnsureAsync();
        var environment = OdbcDriver.DsnEnvironment(fixture.Server, "QuiverIsql");
        var (code, output) = await ProcessRunner.RunWithInputAsync(
            "isql", Limit, environment, "SELECT count(*) FROM range(12345);\n", "-v", "-b", "QuiverIsql");
        Assert.True(code == 0, output);
        Assert.Contains("12345", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Isql_shows_the_servers_SQLSTATE_and_message_for_a_failing_statement()
    {
        await OdbcDriver.EnsureAsync();
        var (_, output) = await ProcessRunner.RunWithInputAsync(
            "isql", Limit, null, "SELECT * FROM no_such_table_here;\n", "-v", "-b", "-k", OdbcDriver.ConnectionString(fixture.Server));
        Assert.Contains("[42P01]", output, StringComparison.Ordinal);
        Assert.Contains("no_such_table_here", output, StringComparison.Ordinal);
        Assert.Contains("[Quiver][ODBC]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Isql_reports_a_refused_token_as_28000_and_fails()
    {
        await OdbcDriver.EnsureAsync();
        var wrong = OdbcDriver.ConnectionString(fixture.Server).Replace(fixture.Server.Token, "not-the-token-0123456789", StringComparison.Ordinal);
        var (code, output) = await ProcessRunner.RunWithInputAsync("isql", Limit, null, "SELECT 1;\n", "-v", "-b", "-k", wrong);
        Assert.NotEqual(0, code);
        Assert.Contains("[28000]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-token", output, StringComparison.Ordinal);
    }
}
