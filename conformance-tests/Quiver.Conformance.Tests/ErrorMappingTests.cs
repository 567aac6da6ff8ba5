using Grpc.Core;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;
using Quiver.GrpcPeers;

namespace Quiver.Conformance.Tests;

/// <summary>DuckDB's errors reach clients with a SQLSTATE, an error class and, where they point into the SQL, a position.</summary>
public sealed class ErrorMappingTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [Theory]
    [InlineData("SELEC 1", "42601", ErrorClass.Syntax)]
    [InlineData("SELECT * FROM no_such_table", "42P01", ErrorClass.Semantic)]
    [InlineData("SELECT no_such_column FROM range(1)", "42703", ErrorClass.Semantic)]
    [InlineData("SELECT no_such_function(1)", "42883", ErrorClass.Semantic)]
    [InlineData("SELECT 'abc'::INTEGER", "22018", ErrorClass.Data)]
    [InlineData("SELECT 2147483647::INTEGER + 1", "22003", ErrorClass.Data)]
    [InlineData("SELECT error('custom failure')", "22023", ErrorClass.Data)]
    [InlineData("CREATE TEMP TABLE u(a INT PRIMARY KEY); INSERT INTO u VALUES (1), (1)", "23505", ErrorClass.Constraint)]
    [InlineData("CREATE TEMP TABLE n(a INT NOT NULL); INSERT INTO n VALUES (NULL)", "23502", ErrorClass.Constraint)]
    [InlineData("CREATE TEMP TABLE c(a INT CHECK (a > 0)); INSERT INTO c VALUES (-1)", "23514", ErrorClass.Constraint)]
    [InlineData("COMMIT", "25P01", ErrorClass.Transaction)]
    [InlineData("CREATE TEMP TABLE d(a INT); CREATE TEMP TABLE d(a INT)", "42P07", ErrorClass.Semantic)]
    public async Task Each_error_class_has_its_SQLSTATE(string sql, string sqlState, ErrorClass errorClass)
    {
        await using var session = await TestSession.OpenAsync(shared.Server);

        var error = (await session.ExecuteAsync(sql)).Error;

        Assert.NotNull(error);
        Assert.Equal(sqlState, error.SqlState);
        Assert.Equal(errorClass, error.ErrorClass);
        Assert.DoesNotContain("Stack Trace", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("{", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Syntax_and_binding_errors_carry_the_line_and_column_within_the_request_text()
    {
        await using var session = await TestSession.OpenAsync(shared.Server);

        var syntax = (await session.ExecuteAsync("SELECT 1;\nSELECT 2,\n  3 FORM x")).Error!;
        var column = (await session.ExecuteAsync("SELECT 'é', 'ü',\n       missing_column FROM range(1)")).Error!;

        // "3 FORM" reads as "3 AS form", so DuckDB points at x.
        Assert.Equal(("42601", 3u, 10u), (syntax.SqlState, syntax.Line, syntax.Column));
        Assert.Equal(("42703", 2u, 8u), (column.SqlState, column.Line, column.Column));
    }

    [Fact]
    public async Task A_write_conflict_between_sessions_is_a_transient_40001()
    {
        await using var a = await TestSession.OpenAsync(shared.Server);
        await using var b = await TestSession.OpenAsync(shared.Server);
        await a.RunAsync("CREATE OR REPLACE TABLE conflict(id INT PRIMARY KEY, v INT); INSERT INTO conflict VALUES (1, 0)");

        await a.RunAsync("BEGIN; UPDATE conflict SET v = 1 WHERE id = 1");
        var error = (await b.ExecuteAsync("UPDATE conflict SET v = 2 WHERE id = 1")).Error;
        await a.QueryAsync("COMMIT");

        Assert.NotNull(error);
        Assert.Equal("40001", error.SqlState);
        Assert.True(error.Transient);
    }

    [Fact]
    public async Task Describe_returns_schema_and_parameters_without_running_and_syntax_errors_fast()
    {
        await using var session = await TestSession.OpenAsync(shared.Server);
        await session.QueryAsync("CREATE TEMP TABLE described(id BIGINT, name VARCHAR)");

        var described = await session.Client.DescribeAsync(
            new DescribeRequest { Session = session.Session, Sql = "INSERT INTO described SELECT $1, $2 RETURNING id * 2 AS doubled" }, session.Auth);
        var query = await session.Client.DescribeAsync(new DescribeRequest { Session = session.Session, Sql = "SELECT id, name FROM described WHERE id = $id" }, session.Auth);
        var broken = await Assert.ThrowsAsync<RpcException>(() =>
            session.Client.DescribeAsync(new DescribeRequest { Session = session.Session, Sql = "SELECT 1 FROM\n  WHERE" }, session.Auth));

        Assert.Equal(StatementKind.Insert, described.Kind);
        Assert.Equal(0L, await session.ScalarAsync("SELECT count(*) FROM described"));
        Assert.Equal(StatementKind.Query, query.Kind);
        var decoder = new Quiver.Arrow.ArrowIpcDecoder();
        decoder.Decode(query.ResultSchema.Memory);
        Assert.Equal(["id", "name"], decoder.Schema!.Fields.Select(f => f.Name));
        var parameters = new Quiver.Arrow.ArrowIpcDecoder();
        parameters.Decode(query.ParameterSchema.Memory);
        Assert.Equal("id", parameters.Schema!.Fields.Single().Name);
        Assert.Equal(Quiver.Arrow.ArrowTypeId.Int64, parameters.Schema.Fields.Single().Type.Id);
        Assert.Equal(StatusCode.InvalidArgument, broken.StatusCode);
        Assert.Equal(("42601", 2u), (broken.Error!.SqlState, broken.Error!.Line));
    }
}
