namespace Quiver.DuckDb.Tests;

public sealed class TableFunctionTests : InMemoryConnectionTest
{
    [Fact]
    public void Rows_of_every_column_type_with_nulls_come_back_across_several_vectors()
    {
        var function = new Numbers(5000);
        Connection.Register(function);

        var summary = Text(
            "SELECT count(*) || '|' || sum(n) || '|' || count(label) || '|' || sum(half) || '|' || count_if(is_even) || '|' || max(stamp) || '|' || min(label) FROM numbers('x')");

        // Every third label is NULL; timestamps are n seconds after 2026-01-01 UTC.
        Assert.Equal($"5000|{4999 * 5000 / 2}|{5000 - 1667}|6248750.0|2500|2026-01-01 01:23:19+00|x0", summary);
    }

    [Fact]
    public void The_function_learns_its_arguments_and_the_calling_connection()
    {
        var function = new Numbers(1);
        Connection.Register(function);
        using var other = Db.Database.Connect();

        Assert.Equal("abc", Text("SELECT min(label)[1:3] FROM numbers('abc')"));
        Text("SELECT count(*) FROM numbers('a')", other);

        Assert.Equal(other.ConnectionId, function.LastConnectionId);
        Assert.NotEqual(Connection.ConnectionId, other.ConnectionId);
    }

    [Fact]
    public void Rows_are_computed_per_execution_not_when_a_statement_is_prepared()
    {
        var function = new Numbers(3);
        Connection.Register(function);
        using var statement = Connection.Prepare("SELECT count(*) FROM numbers('a')");
        var preparedOnly = function.Executions;

        using (statement.Execute())
        {
        }

        using (statement.Execute())
        {
        }

        Assert.Equal(0, preparedOnly);
        Assert.Equal(2, function.Executions);
    }

    [Fact]
    public void An_exception_in_the_function_fails_the_statement_with_its_message()
    {
        Connection.Register(new Numbers(1));

        var error = Assert.Throws<DuckDbException>(() => Text("SELECT * FROM numbers('fail')"));

        Assert.Contains("asked to fail", error.Message, StringComparison.Ordinal);
        Assert.Equal("x0", Text("SELECT min(label) FROM numbers('x')"));
    }

    [Fact]
    public void A_NULL_argument_arrives_as_null()
    {
        Connection.Register(new Numbers(2));

        Assert.Equal("2|0", Text("SELECT count(*) || '|' || count(label) FROM numbers(NULL)"));
    }

    private string Text(string sql, DuckDbConnection? connection = null)
    {
        using var statement = (connection ?? Connection).Prepare(sql);
        using var result = statement.Execute();
        using var chunk = result.FetchChunk()!;
        return chunk.GetVector(0).GetString(0);
    }

    /// <summary>n, label = prefix+n (NULL every third row or when the prefix is NULL), half = n/2, is_even, stamp = 2026-01-01 + n s.</summary>
    private sealed class Numbers(int count) : DuckDbTableFunction("numbers", 1, [
        new("n", DuckDbType.BigInt), new("label", DuckDbType.Varchar), new("half", DuckDbType.Double),
        new("is_even", DuckDbType.Boolean), new("stamp", DuckDbType.TimestampTz)])
    {
        public int Executions { get; private set; }

        public ulong LastConnectionId { get; private set; }

        protected override IReadOnlyList<object?[]> Rows(ulong connectionId, IReadOnlyList<string?> arguments)
        {
            if (arguments[0] == "fail")
            {
                throw new InvalidOperationException("The function was asked to fail.");
            }

            Executions++;
            LastConnectionId = connectionId;
            var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            return Enumerable.Range(0, count).Select(n => new object?[]
            {
                (long)n, n % 3 == 1 || arguments[0] is null ? null : arguments[0] + n, n / 2.0, n % 2 == 0, start.AddSeconds(n),
            }).ToList();
        }
    }
}
