using Quiver.Data;

namespace Quiver.Conformance.Tests.Operability;

/// <summary>quiver_queries(), quiver_sessions() and quiver_cancel() against the real server, with two tenants.</summary>
public sealed class QueryHistoryTests
{
    private const string Alice = "alice-token-0123456789";
    private const string Bob = "bob-token-0123456789ab";
    private const string Carol = "carol-token-0123456789";
    private const string Tokens = $$"""
        {"tokens": [
          {"token": "{{Alice}}", "principal": "alice", "tenant": "acme"},
          {"token": "{{Bob}}", "principal": "bob", "tenant": "acme"},
          {"token": "{{Carol}}", "principal": "carol", "tenant": "globex"}
        ]}
        """;

    [Fact]
    public async Task Queries_lists_the_tenants_operations_with_outcome_and_sqlstate_and_hides_other_principals_statements()
    {
        await using var server = await ServerProcess.StartWithTokensAsync(Tokens);
        await using var alice = await OpenAsync(server, Alice);
        await using var bob = await OpenAsync(server, Bob);
        await using var carol = await OpenAsync(server, Carol);
        await ScalarAsync(alice, "SELECT count(*) FROM range(777)");
        await Assert.ThrowsAsync<QuiverException>(() => ScalarAsync(alice, "SELECT * FROM no_such_table"));

        var own = await RowsAsync(alice, "SELECT statement, outcome, coalesce(sql_state, ''), rows, principal FROM quiver_queries() WHERE call = 'execute' ORDER BY started");
        var seenByBob = await RowsAsync(bob, "SELECT coalesce(statement, '<hidden>'), outcome FROM quiver_queries() WHERE principal = 'alice' ORDER BY started");
        var seenByCarol = await RowsAsync(carol, "SELECT count(*) FROM quiver_queries() WHERE principal <> 'carol'");

        Assert.Equal(["SELECT count(*) FROM range(777)", "succeeded", "", "1", "alice"], own[0]);
        Assert.Equal(["SELECT * FROM no_such_table", "failed", "42P01", "0", "alice"], own[1]);
        // The query asking is listed too, as running.
        Assert.Equal("running", own[^1][1]);
        Assert.All(seenByBob, row => Assert.Equal("<hidden>", row[0]));
        Assert.Equal(["succeeded", "failed"], seenByBob.Take(2).Select(r => r[1]));
        Assert.Equal("0", seenByCarol[0][0]);
    }

    [Fact]
    public async Task Sessions_lists_the_tenants_open_sessions_and_marks_the_calling_one()
    {
        await using var server = await ServerProcess.StartWithTokensAsync(Tokens);
        await using var alice = await OpenAsync(server, Alice, "Application Name=reports");
        await using var bob = await OpenAsync(server, Bob);
        await using var carol = await OpenAsync(server, Carol);

        var rows = await RowsAsync(alice, "SELECT principal, state, is_current, application FROM quiver_sessions() ORDER BY principal");
        var carolSees = await RowsAsync(carol, "SELECT principal FROM quiver_sessions()");

        Assert.Equal([["alice", "running", "True", "reports"], ["bob", "idle", "False", ""]], rows);
        Assert.Equal([["carol"]], carolSees);
    }

    [Fact]
    public async Task Cancel_stops_the_principals_operation_in_another_session_but_not_another_principals()
    {
        await using var server = await ServerProcess.StartWithTokensAsync(Tokens);
        await using var worker = await OpenAsync(server, Alice);
        await using var controller = await OpenAsync(server, Alice);
        await using var bob = await OpenAsync(server, Bob);
        await using var command = new QuiverCommand(ExecuteTests.LongQuery, worker);
        var running = command.ExecuteScalarAsync();

        var operationId = await WaitForRunningAsync(controller, "alice");
        var byBob = await RowsAsync(bob, $"SELECT cancelled FROM quiver_cancel('{operationId}')");
        var stillRunning = await RowsAsync(controller, $"SELECT count(*) FROM quiver_queries() WHERE operation_id = '{operationId}' AND outcome = 'running'");
        var byAlice = await RowsAsync(controller, $"SELECT cancelled FROM quiver_cancel('{operationId}')");
        var failure = await Assert.ThrowsAsync<QuiverException>(() => running.WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal([["False"]], byBob);
        Assert.Equal([["1"]], stillRunning);
        Assert.Equal([["True"]], byAlice);
        Assert.Equal("57014", failure.SqlState);
        Assert.Equal(1, await ScalarAsync(worker, "SELECT 1"));
    }

    [Fact]
    public async Task The_history_keeps_at_most_query_history_finished_operations_per_tenant()
    {
        await using var server = await ServerProcess.StartWithTokensAsync(Tokens, "--query-history", "3");
        await using var alice = await OpenAsync(server, Alice);
        for (var i = 0; i < 6; i++)
        {
            await ScalarAsync(alice, $"SELECT {i}");
        }

        var rows = await RowsAsync(alice, "SELECT statement FROM quiver_queries() WHERE outcome <> 'running' ORDER BY started");

        Assert.Equal([["SELECT 3"], ["SELECT 4"], ["SELECT 5"]], rows);
    }

    private static async Task<QuiverConnection> OpenAsync(ServerProcess server, string token, string extra = "")
    {
        var connection = new QuiverConnection($"Host={server.Address.Host};Port={server.Address.Port};Token={token};Pooling=false;{extra}");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<long> ScalarAsync(QuiverConnection connection, string sql)
    {
        await using var command = new QuiverCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task<List<string[]>> RowsAsync(QuiverConnection connection, string sql)
    {
        await using var command = new QuiverCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToArray());
        }

        return rows;
    }

    private static async Task<string> WaitForRunningAsync(QuiverConnection connection, string principal)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var rows = await RowsAsync(connection,
                $"SELECT operation_id FROM quiver_queries() WHERE principal = '{principal}' AND outcome = 'running' AND NOT statement LIKE '%quiver_queries%'");
            if (rows.Count == 1)
            {
                return rows[0][0];
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No running operation of {principal} appeared within 60 s.");
    }
}
