using System.Data;
using System.Diagnostics;
using Quiver.Data;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>Cancellation, timeouts, reader disposal and one-command-at-a-time, against a long-running query.</summary>
public sealed class CommandLifecycleTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    private const string LongQuery = ExecuteTests.LongQuery;
    private const string ManyRows = "SELECT range, range::VARCHAR FROM range(100000000)";

    [Fact]
    public async Task CommandTimeout_stops_a_long_query_with_a_timeout_error_and_the_connection_stays_usable()
    {
        await using var connection = await fixture.OpenAsync();
        await using var command = new QuiverCommand(LongQuery, connection) { CommandTimeout = 1 };
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<QuiverException>(() => command.ExecuteScalarAsync());
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 10);
        Assert.Equal("57014", error.SqlState);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Equal(QuiverErrorClass.Timeout, error.ErrorClass);
        Assert.Equal(1, await new QuiverCommand("SELECT 1", connection).ExecuteScalarAsync());
    }

    [Fact]
    public async Task Cancellation_token_stops_a_long_query_with_OperationCanceledException()
    {
        await using var connection = await fixture.OpenAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new QuiverCommand(LongQuery, connection).ExecuteScalarAsync(cancel.Token));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.2, 10);
        Assert.Equal(2, await new QuiverCommand("SELECT 2", connection).ExecuteScalarAsync());
    }

    [Fact]
    public async Task Cancel_from_another_thread_fails_the_command_with_57014()
    {
        await using var connection = await fixture.OpenAsync();
        await using var command = new QuiverCommand(LongQuery, connection);
        var running = Task.Run(() => command.ExecuteScalar());
        await Task.Delay(300);
        command.Cancel();
        var error = await Assert.ThrowsAsync<QuiverException>(() => running);
        Assert.Equal("57014", error.SqlState);
        Assert.Equal(QuiverErrorClass.Cancelled, error.ErrorClass);
    }

    [Fact]
    public async Task Cancel_before_the_server_has_the_operation_is_held_and_sent_once_it_starts()
    {
        await using var connection = await fixture.OpenAsync();
        await using var command = new QuiverCommand(LongQuery, connection);
        var clock = Stopwatch.StartNew();
        var running = command.ExecuteScalarAsync();
        command.Cancel();
        var error = await Assert.ThrowsAsync<QuiverException>(() => running);
        Assert.Equal("57014", error.SqlState);
        Assert.Equal(QuiverErrorClass.Cancelled, error.ErrorClass);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 10);
    }

    [Fact]
    public async Task Cancellation_while_reading_stops_the_stream()
    {
        await using var connection = await fixture.OpenAsync();
        await using var command = new QuiverCommand(ManyRows, connection);
        await using var reader = await command.ExecuteReaderAsync();
        using var cancel = new CancellationTokenSource();
        Assert.True(await reader.ReadAsync(cancel.Token));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (await reader.ReadAsync(cancel.Token))
            {
            }
        });
    }

    [Fact]
    public async Task Disposing_a_reader_mid_result_stops_the_query_instead_of_draining_it()
    {
        await using var connection = await fixture.OpenAsync();
        var clock = Stopwatch.StartNew();
        await using (var reader = await new QuiverCommand(ManyRows, connection).ExecuteReaderAsync())
        {
            for (var i = 0; i < 10 && await reader.ReadAsync(); i++)
            {
            }
        }

        Assert.Equal(3, await new QuiverCommand("SELECT 3", connection).ExecuteScalarAsync());
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 5);
    }

    [Fact]
    public async Task Describe_and_metadata_right_after_a_reader_stopped_mid_result_wait_for_the_session()
    {
        // The server may still be unwinding the stopped query when the next call arrives; every call that needs the
        // session (Execute, Describe, GetMetadata) waits for it rather than failing with 55006.
        await using var connection = await fixture.OpenAsync();
        for (var round = 0; round < 20; round++)
        {
            await using (var reader = await new QuiverCommand(ManyRows, connection).ExecuteReaderAsync())
            {
                Assert.True(await reader.ReadAsync());
            }

            await using (var schema = await new QuiverCommand("SELECT 1::INTEGER AS a", connection).ExecuteReaderAsync(CommandBehavior.SchemaOnly))
            {
                Assert.Equal("a", schema.GetName(0));
            }

            await using (var reader = await new QuiverCommand(ManyRows, connection).ExecuteReaderAsync())
            {
                Assert.True(await reader.ReadAsync());
            }

            Assert.NotEmpty(connection.GetSchema("Schemas").Rows);
        }
    }

    [Fact]
    public async Task A_second_command_while_a_reader_is_open_is_a_clear_InvalidOperationException()
    {
        await using var connection = await fixture.OpenAsync();
        await using var reader = await new QuiverCommand("SELECT 1", connection).ExecuteReaderAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new QuiverCommand("SELECT 2", connection).ExecuteScalarAsync());
        Assert.Contains("open QuiverDataReader", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reader_behaviours_SingleRow_SingleResult_SchemaOnly_and_CloseConnection()
    {
        await using var connection = await fixture.OpenAsync();
        await using (var single = await new QuiverCommand("SELECT range FROM range(10); SELECT 2", connection).ExecuteReaderAsync(CommandBehavior.SingleRow | CommandBehavior.SingleResult))
        {
            Assert.True(await single.ReadAsync());
            Assert.False(await single.ReadAsync());
            Assert.False(await single.NextResultAsync());
        }

        await using (var schema = await new QuiverCommand("SELECT 1::INTEGER AS a, 'x' AS b", connection).ExecuteReaderAsync(CommandBehavior.SchemaOnly))
        {
            Assert.Equal(["a", "b"], [schema.GetName(0), schema.GetName(1)]);
            Assert.Equal(typeof(int), schema.GetFieldType(0));
            Assert.False(await schema.ReadAsync());
            var table = schema.GetSchemaTable()!;
            Assert.Equal("INTEGER", table.Rows[0]["DataTypeName"]);
            Assert.Equal(true, table.Rows[0]["AllowDBNull"]);
        }

        var closing = await new QuiverCommand("SELECT 1", connection).ExecuteReaderAsync(CommandBehavior.CloseConnection);
        await closing.DisposeAsync();
        Assert.Equal(ConnectionState.Closed, connection.State);
    }

    [Fact]
    public async Task Multiple_result_sets_and_RecordsAffected()
    {
        await using var connection = await fixture.OpenAsync();
        await using var reader = await new QuiverCommand(
            "CREATE TEMP TABLE t (x INTEGER); INSERT INTO t SELECT range FROM range(5); SELECT x FROM t ORDER BY x; UPDATE t SET x = x + 1 WHERE x < 2; SELECT 'done'", connection).ExecuteReaderAsync();
        Assert.True(reader.HasRows);
        var values = new List<int>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetInt32(0));
        }

        Assert.Equal([0, 1, 2, 3, 4], values);
        Assert.True(await reader.NextResultAsync());
        Assert.True(await reader.ReadAsync());
        Assert.Equal("done", reader.GetString(0));
        Assert.False(await reader.NextResultAsync());
        Assert.Equal(7, reader.RecordsAffected);
    }

    [Fact]
    public async Task Statements_with_RETURNING_count_the_rows_they_change_in_RecordsAffected()
    {
        await using var connection = await fixture.OpenAsync();
        await new QuiverCommand("CREATE TEMP TABLE r (x INTEGER PRIMARY KEY)", connection).ExecuteNonQueryAsync();
        await using var reader = await new QuiverCommand(
            "INSERT INTO r SELECT range FROM range(4) RETURNING x; UPDATE r SET x = x + 10 WHERE x < 3 RETURNING x; DELETE FROM r WHERE x = 10 RETURNING 1", connection).ExecuteReaderAsync();
        var rows = 0;
        do
        {
            while (await reader.ReadAsync())
            {
                rows++;
            }
        }
        while (await reader.NextResultAsync());

        Assert.Equal(4 + 3 + 1, rows);
        Assert.Equal(4 + 3 + 1, reader.RecordsAffected);
    }

    [Fact]
    public async Task Syntax_error_reports_SQLSTATE_class_and_position()
    {
        await using var connection = await fixture.OpenAsync();
        var error = await Assert.ThrowsAsync<QuiverException>(() => new QuiverCommand("SELECT 1;\nSELEC 2", connection).ExecuteNonQueryAsync());
        Assert.Equal("42601", error.SqlState);
        Assert.Equal(QuiverErrorClass.Syntax, error.ErrorClass);
        Assert.Equal(2, error.Line);
        Assert.True(error.Position > 9, $"position {error.Position}");
        Assert.DoesNotContain(fixture.Server.Token, error.ToString(), StringComparison.Ordinal);
    }
}
