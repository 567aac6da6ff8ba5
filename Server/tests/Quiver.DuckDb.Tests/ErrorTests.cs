namespace Quiver.DuckDb.Tests;

public sealed class ErrorTests : InMemoryConnectionTest
{
    [Fact]
    public void A_syntax_error_is_DuckDBs_parser_error()
    {
        var error = Assert.Throws<DuckDbException>(() => Connection.Prepare("SELEC 1"));

        Assert.Equal(DuckDbErrorType.Parser, error.ErrorType);
        Assert.Contains("syntax error", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("SELEC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_in_a_multi_statement_text_is_a_parser_error()
    {
        var error = Assert.Throws<DuckDbException>(() => Connection.ExtractStatements("SELECT 1; SELEC 2"));

        Assert.Equal(DuckDbErrorType.Parser, error.ErrorType);
    }

    [Fact]
    public void An_unknown_table_is_a_catalog_error()
    {
        var error = Assert.Throws<DuckDbException>(() => Connection.Prepare("SELECT * FROM no_such_table"));

        Assert.Equal(DuckDbErrorType.Catalog, error.ErrorType);
        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_column_is_a_binder_error()
    {
        var error = Assert.Throws<DuckDbException>(() => Connection.Prepare("SELECT no_such_column FROM range(1)"));

        Assert.Equal(DuckDbErrorType.Binder, error.ErrorType);
    }

    [Fact]
    public void A_constraint_violation_at_run_time_is_a_constraint_error()
    {
        Connection.Execute("CREATE TABLE k(id INTEGER PRIMARY KEY); INSERT INTO k VALUES (1)");

        var error = Assert.Throws<DuckDbException>(() => Connection.Execute("INSERT INTO k VALUES (1)"));

        Assert.Equal(DuckDbErrorType.Constraint, error.ErrorType);
    }

    [Fact]
    public void A_failed_conversion_while_streaming_is_a_conversion_error_from_fetch()
    {
        using var statement = Connection.Prepare("SELECT CAST(CASE WHEN range < 5000 THEN '1' ELSE 'x' END AS INTEGER) FROM range(10000)");

        var error = Assert.Throws<DuckDbException>(() =>
        {
            using var result = statement.ExecuteStreaming();
            while (result.FetchChunk() is { } chunk)
            {
                chunk.Dispose();
            }
        });

        Assert.Equal(DuckDbErrorType.Conversion, error.ErrorType);
    }

    [Fact]
    public void Binding_a_parameter_out_of_range_is_an_argument_error()
    {
        using var statement = Connection.Prepare("SELECT $1::INTEGER");

        Assert.Throws<ArgumentOutOfRangeException>(() => statement.Bind(2, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => statement.Bind(0, 5));
    }
}
