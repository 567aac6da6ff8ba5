using Quiver.Protocol.Sql;

namespace Quiver.Protocol.Tests.Sql;

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

    [Fact]
    public void Placeholders_of_every_form_are_found_outside_quotes_and_comments()
    {
        const string sql = "SELECT $1, ?, $name, @at, :colon, x::INT, a@b, '@no', \"$no\", $$ :no $$ -- @no\n, /* ?no */ @@x";
        var found = SqlText.Placeholders(sql, new SqlPiece(0, sql.Length)).Select(p => (sql.Substring(p.Start, p.Length), p.Prefix, p.Name));
        Assert.Equal([("$1", '$', "1"), ("?", '?', ""), ("$name", '$', "name"), ("@at", '@', "at"), (":colon", ':', "colon")], found);
    }

    [Fact]
    public void Placeholders_are_reported_relative_to_the_text_within_a_piece()
    {
        const string sql = "SELECT @a; SELECT @b";
        var second = SqlText.Split(sql)[1];
        var found = Assert.Single(SqlText.Placeholders(sql, second));
        Assert.Equal(("b", 18), (found.Name, found.Start));
    }

    [Fact]
    public void Calls_are_names_before_a_parenthesis_however_quoted_qualified_or_spaced_and_never_inside_strings_or_comments()
    {
        const string sql = "SELECT main.\"Read_Blob\" /* c */ ('x'), 'glob(' AS s, f (1) -- read_text(\n FROM range(3), $$ query( $$";
        Assert.Equal(["read_blob", "f", "range"], SqlText.Calls(sql).Select(c => c.Name));
    }

    [Fact]
    public void Keywords_are_counted_outside_strings_and_comments_in_any_case()
        => Assert.Equal(2, SqlText.CountKeywords("SELECT 1 UNION select 2 union -- UNION\n SELECT 'union'", ["union"]));

    [Fact]
    public void Unicode_escaped_names_and_strings_are_detected()
    {
        Assert.True(SqlText.HasUnicodeEscapes("SELECT * FROM U&\"d\\0061ta\""));
        Assert.True(SqlText.HasUnicodeEscapes("SELECT u&'x'"));
        Assert.False(SqlText.HasUnicodeEscapes("SELECT 'U&\"x\"', menu&1"));
    }
}
