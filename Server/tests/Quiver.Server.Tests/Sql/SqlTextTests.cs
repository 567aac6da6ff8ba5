using Quiver.DuckDb;
using Quiver.Server.Sql;

namespace Quiver.Server.Tests.Sql;

public sealed class SqlTextTests
{
    [Theory]
    [InlineData("SELECT 1", new[] { "SELECT 1" })]
    [InlineData("SELECT 1; SELECT 2;", new[] { "SELECT 1", " SELECT 2" })]
    [InlineData("SELECT ';' AS a; SELECT \"x;y\" FROM t", new[] { "SELECT ';' AS a", " SELECT \"x;y\" FROM t" })]
    [InlineData("SELECT 'it''s; fine'", new[] { "SELECT 'it''s; fine'" })]
    [InlineData("SELECT E'a\\'; b'; SELECT 2", new[] { "SELECT E'a\\'; b'", " SELECT 2" })]
    [InlineData("SELECT $$a;b$$, $tag$ ; $tag$; SELECT $1", new[] { "SELECT $$a;b$$, $tag$ ; $tag$", " SELECT $1" })]
    [InlineData("-- c;\nSELECT 1 /* ; /* nested; */ ; */ ; ;", new[] { "-- c;\nSELECT 1 /* ; /* nested; */ ; */ " })]
    [InlineData("  ;  -- only a comment\n ; /* x */", new string[0])]
    public void Split_finds_top_level_semicolons_only(string sql, string[] expected)
        => Assert.Equal(expected, SqlText.Split(sql).Select(p => sql.Substring(p.Start, p.Length)));

    [Fact]
    public void Leading_words_skip_comments_and_unquote_identifiers()
        => Assert.Equal(["set", "session", "TimeZone", "="], SqlText.LeadingWords("/* hi */ -- there\n SeT SESSION \"TimeZone\" = 'UTC'", 4));

    [Fact]
    public void Line_and_column_are_one_based()
    {
        Assert.Equal((1, 1), SqlText.LineAndColumn("SELECT", 0));
        Assert.Equal((3, 2), SqlText.LineAndColumn("a\nbc\nde", 6));
    }

    [Theory]
    [InlineData("SET TimeZone = 'UTC'", true)]
    [InlineData("set session timezone to 'UTC'", true)]
    [InlineData("SET LOCAL search_path = 'main'", true)]
    [InlineData("RESET Calendar", true)]
    [InlineData("USE main", true)]
    [InlineData("SET VARIABLE x = 1", true)]
    [InlineData("SET threads = 1", false)]
    [InlineData("SET GLOBAL TimeZone = 'UTC'", false)]
    [InlineData("/* TimeZone */ SET \"memory_limit\" = '1GB'", false)]
    [InlineData("PRAGMA memory_limit = '1GB'", false)]
    public void Only_per_session_settings_pass_the_guard(string sql, bool allowed)
        => Assert.Equal(allowed, StatementGuard.Refusal(DuckDbStatementType.Set, sql) is null);

    [Theory]
    [InlineData(DuckDbStatementType.Load, "INSTALL x")]
    [InlineData(DuckDbStatementType.Attach, "ATTACH 'x'")]
    [InlineData(DuckDbStatementType.Detach, "DETACH x")]
    [InlineData(DuckDbStatementType.Copy, "COPY t TO 'x'")]
    [InlineData(DuckDbStatementType.Export, "EXPORT DATABASE 'x'")]
    [InlineData(DuckDbStatementType.Pragma, "PRAGMA enable_profiling")]
    [InlineData(DuckDbStatementType.Create, "CREATE OR REPLACE SECRET s (TYPE s3)")]
    [InlineData(DuckDbStatementType.Drop, "DROP SECRET s")]
    public void Engine_wide_statements_are_refused(DuckDbStatementType type, string sql)
        => Assert.NotNull(StatementGuard.Refusal(type, sql));

    [Theory]
    [InlineData(DuckDbStatementType.Select, "SELECT 1")]
    [InlineData(DuckDbStatementType.Create, "CREATE TABLE secrets(x INT)")]
    [InlineData(DuckDbStatementType.Transaction, "BEGIN")]
    public void Ordinary_statements_pass(DuckDbStatementType type, string sql)
        => Assert.Null(StatementGuard.Refusal(type, sql));
}
