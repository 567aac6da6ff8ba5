using Quiver.DuckDb;
using Quiver.Server.Sessions;

namespace Quiver.Server.Tests.Sessions;

/// <summary>The per-session statement cache on a real in-memory DuckDB.</summary>
public sealed class StatementCacheTests : IDisposable
{
    private readonly InMemoryDatabase _database = new();
    private readonly DuckDbConnection _connection;

    public StatementCacheTests() => _connection = _database.Database.Connect();

    [Fact]
    public void A_query_that_ran_is_handed_back_for_the_same_text_only()
    {
        using var cache = new StatementCache(4);
        var first = _connection.Prepare("SELECT 1");
        cache.Return("SELECT 1", first, first.StatementType, succeeded: true);

        Assert.Null(cache.Take("SELECT  1", out _));
        Assert.Same(first, cache.Take("SELECT 1", out var type));
        Assert.Equal(DuckDbStatementType.Select, type);
        Assert.Null(cache.Take("SELECT 1", out _));
        first.Dispose();
    }

    [Fact]
    public void A_kept_statement_comes_back_without_the_previous_call_s_parameter_values()
    {
        using var cache = new StatementCache(4);
        const string sql = "SELECT $1::INTEGER + 1";
        var statement = _connection.Prepare(sql);
        statement.Bind(1, 41);
        statement.Execute().Dispose();
        cache.Return(sql, statement, statement.StatementType, succeeded: true);

        using var again = cache.Take(sql, out _)!;
        var error = Assert.Throws<DuckDbException>(() => again.Execute().Dispose());
        Assert.Contains("parameter", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_least_recently_used_statement_leaves_when_the_cache_is_full()
    {
        using var cache = new StatementCache(2);
        foreach (var sql in new[] { "SELECT 1", "SELECT 2", "SELECT 3" })
        {
            var statement = _connection.Prepare(sql);
            cache.Return(sql, statement, statement.StatementType, succeeded: true);
        }

        Assert.Equal(2, cache.Count);
        Assert.Null(cache.Take("SELECT 1", out _));
        Assert.NotNull(cache.Take("SELECT 3", out _));
    }

    [Fact]
    public void Only_successful_queries_and_data_changes_of_bounded_length_are_kept()
    {
        using var cache = new StatementCache(8);
        _connection.Execute("CREATE TABLE t (x INTEGER)");
        Keep(cache, "INSERT INTO t VALUES (1)");
        Keep(cache, "SELECT 1", succeeded: false);
        var longText = "SELECT 1 " + new string(' ', StatementCache.MaxCachedSqlLength);
        Keep(cache, longText);

        Assert.Equal(1, cache.Count);
        Assert.NotNull(cache.Take("INSERT INTO t VALUES (1)", out var type));
        Assert.Equal(DuckDbStatementType.Insert, type);
    }

    [Theory]
    [InlineData("SET search_path = 'main'")]
    [InlineData("CREATE TABLE other (x INTEGER)")]
    [InlineData("SET VARIABLE v = 1")]
    public void A_statement_of_another_kind_empties_the_cache(string sql)
    {
        using var cache = new StatementCache(8);
        Keep(cache, "SELECT 1");
        Keep(cache, sql);

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Transaction_control_leaves_the_cache_as_it_is()
    {
        using var cache = new StatementCache(8);
        Keep(cache, "SELECT 1");
        Keep(cache, "BEGIN TRANSACTION");
        Keep(cache, "COMMIT");

        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_capacity_of_zero_keeps_nothing()
    {
        using var cache = new StatementCache(0);
        Keep(cache, "SELECT 1");
        Assert.Equal(0, cache.Count);
    }

    private void Keep(StatementCache cache, string sql, bool succeeded = true)
    {
        var statement = _connection.Prepare(sql);
        if (succeeded)
        {
            statement.Execute().Dispose();
        }

        cache.Return(sql, statement, statement.StatementType, succeeded);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
    }
}
