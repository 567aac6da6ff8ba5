namespace Quiver.DuckDb.Tests;

public sealed class StatementTypeTests : InMemoryConnectionTest
{
    [Theory]
    [InlineData("SELECT 1", DuckDbStatementType.Select)]
    [InlineData("INSERT INTO t VALUES (1)", DuckDbStatementType.Insert)]
    [InlineData("UPDATE t SET n = 2", DuckDbStatementType.Update)]
    [InlineData("DELETE FROM t", DuckDbStatementType.Delete)]
    [InlineData("CREATE TABLE u(n INTEGER)", DuckDbStatementType.Create)]
    [InlineData("DROP TABLE t", DuckDbStatementType.Drop)]
    [InlineData("SET threads = 1", DuckDbStatementType.Set)]
    [InlineData("SET TimeZone = 'UTC'", DuckDbStatementType.Set)]
    [InlineData("RESET threads", DuckDbStatementType.Set)]
    [InlineData("RESET autoinstall_known_extensions", DuckDbStatementType.Set)]
    [InlineData("INSTALL httpfs", DuckDbStatementType.Load)]
    [InlineData("LOAD httpfs", DuckDbStatementType.Load)]
    [InlineData("ATTACH ':memory:' AS other", DuckDbStatementType.Attach)]
    [InlineData("DETACH other", DuckDbStatementType.Detach)]
    [InlineData("BEGIN TRANSACTION", DuckDbStatementType.Transaction)]
    [InlineData("PRAGMA enable_profiling", DuckDbStatementType.Pragma)]
    [InlineData("PRAGMA threads = 1", DuckDbStatementType.Set)] // DuckDB rewrites a PRAGMA assignment into SET
    [InlineData("PRAGMA version", DuckDbStatementType.Select)] // ... and a PRAGMA call into a table function query
    [InlineData("USE memory", DuckDbStatementType.Set)]
    [InlineData("SET GLOBAL threads = 1", DuckDbStatementType.Set)]
    [InlineData("FORCE INSTALL httpfs", DuckDbStatementType.Load)]
    [InlineData("UPDATE EXTENSIONS", DuckDbStatementType.UpdateExtensions)]
    [InlineData("CHECKPOINT", DuckDbStatementType.Call)]
    public void Prepared_statement_reports_its_type_before_running(string sql, DuckDbStatementType expected)
    {
        Connection.Execute("CREATE TABLE t(n INTEGER)");

        using var statement = Connection.Prepare(sql);

        Assert.Equal(expected, statement.StatementType);
    }

    [Fact]
    public void Preparing_a_statement_does_not_run_it()
    {
        var before = Connection.QueryString("current_setting('threads')");

        using (Connection.Prepare("SET threads = 1"))
        {
        }

        Assert.Equal(before, Connection.QueryString("current_setting('threads')"));
    }

    [Fact]
    public void A_multi_statement_text_is_split_and_each_statement_prepared_after_the_previous_ran()
    {
        using var statements = Connection.ExtractStatements("CREATE TABLE x(n INTEGER); INSERT INTO x VALUES (1), (2); SELECT sum(n) FROM x");
        Assert.Equal(3, statements.Count);
        var types = new List<DuckDbStatementType>();
        for (var i = 0; i < statements.Count; i++)
        {
            using var statement = statements.Prepare(i);
            types.Add(statement.StatementType);
            using var result = statement.Execute();
            if (i == 1)
            {
                Assert.Equal(2, result.RowsChanged);
                Assert.Equal(DuckDbResultType.ChangedRows, result.ReturnType);
            }
        }

        Assert.Equal([DuckDbStatementType.Create, DuckDbStatementType.Insert, DuckDbStatementType.Select], types);
    }
}
