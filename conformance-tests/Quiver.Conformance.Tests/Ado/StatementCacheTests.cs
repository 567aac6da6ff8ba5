using Quiver.Data;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>
/// The server keeps each session's prepared statements by SQL text; a statement sent again must still see what a
/// freshly prepared one would: other sessions' DDL, the session's own search_path and temp objects, new parameter
/// values, and functions evaluated at every run.
/// </summary>
public sealed class StatementCacheTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    [Fact]
    public async Task A_repeated_query_sees_a_table_another_session_recreated_with_other_columns()
    {
        var table = Name("recreated");
        await using var reader = await fixture.OpenAsync();
        await using var other = await fixture.OpenAsync();
        await Run(other, $"CREATE TABLE {table} AS SELECT 1 AS x");
        var sql = $"SELECT * FROM {table}";
        Assert.Equal(["x"], await Columns(reader, sql));

        await Run(other, $"DROP TABLE {table}; CREATE TABLE {table} AS SELECT 'two' AS y, 3 AS z");

        Assert.Equal(["y", "z"], await Columns(reader, sql));
        Assert.Equal("two", await new QuiverCommand(sql, reader).ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_repeated_query_follows_the_session_s_search_path_and_temp_tables()
    {
        var schema = Name("path");
        var table = Name("shadowed");
        await using var connection = await fixture.OpenAsync();
        await Run(connection, $"CREATE TABLE main.{table} AS SELECT 'main' AS source; CREATE SCHEMA {schema}; CREATE TABLE {schema}.{table} AS SELECT '{schema}' AS source");
        var sql = $"SELECT source FROM {table}";
        Assert.Equal("main", await new QuiverCommand(sql, connection).ExecuteScalarAsync());

        await Run(connection, $"SET search_path = '{schema},main'");
        Assert.Equal(schema, await new QuiverCommand(sql, connection).ExecuteScalarAsync());

        await Run(connection, $"CREATE TEMP TABLE {table} AS SELECT 'temp' AS source");
        Assert.Equal("temp", await new QuiverCommand(sql, connection).ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_repeated_statement_takes_each_call_s_parameters_and_refuses_a_missing_one()
    {
        await using var connection = await fixture.OpenAsync();
        const string sql = "SELECT $1 || ''";
        foreach (var value in new object[] { 1L, "text", 2.5 })
        {
            var command = new QuiverCommand(sql, connection);
            command.Parameters.AddWithValue(value);
            Assert.Equal(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), await command.ExecuteScalarAsync());
        }

        var unbound = new QuiverCommand(sql, connection);
        await Assert.ThrowsAsync<QuiverException>(() => unbound.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Volatile_functions_are_evaluated_at_every_run()
    {
        await using var connection = await fixture.OpenAsync();
        var sequence = Name("seq");
        await Run(connection, $"CREATE SEQUENCE {sequence}");
        var sql = $"SELECT nextval('{sequence}'), random(), epoch_us(now())";
        var seen = new List<(long Next, double Random, long Now)>();
        for (var i = 0; i < 3; i++)
        {
            await using var reader = await new QuiverCommand(sql, connection).ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            seen.Add((reader.GetInt64(0), reader.GetDouble(1), reader.GetInt64(2)));
            await Task.Delay(5);
        }

        Assert.Equal([1L, 2L, 3L], seen.Select(s => s.Next));
        Assert.Equal(3, seen.Select(s => s.Random).Distinct().Count());
        Assert.Equal(3, seen.Select(s => s.Now).Distinct().Count());
    }

    [Fact]
    public async Task A_repeated_insert_inserts_each_time_and_a_failed_run_does_not_poison_the_next()
    {
        var table = Name("inserts");
        await using var connection = await fixture.OpenAsync();
        await Run(connection, $"CREATE TABLE {table} (x INTEGER PRIMARY KEY)");
        var sql = $"INSERT INTO {table} VALUES ($1)";
        foreach (var value in new[] { 1, 2, 3 })
        {
            var insert = new QuiverCommand(sql, connection);
            insert.Parameters.AddWithValue(value);
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        var duplicate = new QuiverCommand(sql, connection);
        duplicate.Parameters.AddWithValue(2);
        await Assert.ThrowsAsync<QuiverException>(() => duplicate.ExecuteNonQueryAsync());
        var next = new QuiverCommand(sql, connection);
        next.Parameters.AddWithValue(4);
        Assert.Equal(1, await next.ExecuteNonQueryAsync());
        Assert.Equal(10L, Convert.ToInt64(await new QuiverCommand($"SELECT sum(x) FROM {table}", connection).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_pooled_connection_reopened_forgets_its_temp_tables_even_for_a_repeated_query()
    {
        var table = Name("temp_reset");
        // A pool of its own with one session: the second open gets the same server session, reset.
        var pool = $"Maximum Pool Size=1;Application Name={table}";
        var sql = $"SELECT x FROM {table}";
        await using (var first = await fixture.OpenAsync(pool))
        {
            await Run(first, $"CREATE TEMP TABLE {table} AS SELECT 1 AS x");
            Assert.Equal(1, await new QuiverCommand(sql, first).ExecuteScalarAsync());
            Assert.Equal(1, await new QuiverCommand(sql, first).ExecuteScalarAsync());
        }

        await using var again = await fixture.OpenAsync(pool);
        var error = await Assert.ThrowsAsync<QuiverException>(() => new QuiverCommand(sql, again).ExecuteScalarAsync());
        Assert.Equal("42P01", error.SqlState);
    }

    private static string Name(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private static Task Run(QuiverConnection connection, string sql) => new QuiverCommand(sql, connection).ExecuteNonQueryAsync();

    private static async Task<string[]> Columns(QuiverConnection connection, string sql)
    {
        await using var reader = await new QuiverCommand(sql, connection).ExecuteReaderAsync();
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
    }
}
