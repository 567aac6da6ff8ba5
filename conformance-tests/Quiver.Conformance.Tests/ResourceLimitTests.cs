using Grpc.Core;
using System.Diagnostics;
using System.Globalization;
using Quiver.Data;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;
using Quiver.GrpcPeers;

namespace Quiver.Conformance.Tests;

/// <summary>Limits that keep one request or tenant from taking the machine, and what the server leaves on disk.</summary>
public sealed class ResourceLimitTests
{
    [Fact]
    public async Task Statements_inside_one_text_count_against_max_statements_per_request()
    {
        await using var server = await ServerProcess.StartAsync(null, false, "--max-statements-per-request", "10");
        await using var session = await TestSession.OpenAsync(server);

        var refused = await Assert.ThrowsAsync<RpcException>(() => session.ExecuteAsync(string.Concat(Enumerable.Repeat("SELECT 1;", 11))));
        var allowed = await session.ExecuteAsync(string.Concat(Enumerable.Repeat("SELECT 1;", 10)));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("max-statements-per-request", refused.Detail, StringComparison.Ordinal);
        Assert.Null(allowed.Error);
        Assert.Equal(10, allowed.ResultSets.Count);
    }

    [Fact]
    public async Task A_statement_with_more_set_operations_than_the_limit_is_refused_before_DuckDB_plans_it()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var session = await TestSession.OpenAsync(server);
        string Unions(int n) => string.Join(" UNION ALL ", Enumerable.Range(0, n + 1).Select(i => $"SELECT {i}"));

        // 20,000 branches took DuckDB's planner 76 s and 7.6 GB; the default limit is 1,000.
        var refused = await Assert.ThrowsAsync<RpcException>(() => session.ExecuteAsync(Unions(20_000)));
        var described = await Assert.ThrowsAsync<RpcException>(
            () => session.Client.DescribeAsync(new DescribeRequest { Session = session.Session, Sql = Unions(1001) }, session.Auth));
        var allowed = await session.ExecuteAsync(Unions(100) + " -- a UNION in a comment 'and UNION in a string' does not count");

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("max-set-operations", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, described.StatusCode);
        Assert.Null(allowed.Error);
        Assert.Equal(101, allowed.ResultSets.Single().Rows.Count);
    }

    [Fact]
    public async Task Tenants_share_the_machine_memory_unless_a_tenant_memory_limit_is_set()
    {
        var tokens = Path.GetTempFileName();
        await File.WriteAllTextAsync(tokens, """
            {"tokens": [
              {"token": "first-token-0123456789", "principal": "first", "tenant": "one"},
              {"token": "second-token-0123456789", "principal": "second", "tenant": "two"}
            ]}
            """);
        try
        {
            await using (var shared = await ServerProcess.StartAsync(null, true, "--tokens-file", tokens))
            {
                await using var first = await TestSession.OpenAsync(shared, "first-token-0123456789");
                var limit = Bytes((string)(await first.ScalarAsync("SELECT current_setting('memory_limit')"))!);
                var machine = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
                Assert.InRange(limit, machine * 0.3, machine * 0.41);
            }

            await using var fixedLimit = await ServerProcess.StartAsync(null, true, "--tokens-file", tokens, "--tenant-memory-limit", "512MiB");
            await using var second = await TestSession.OpenAsync(fixedLimit, "second-token-0123456789");
            Assert.Equal("512.0 MiB", await second.ScalarAsync("SELECT current_setting('memory_limit')"));
        }
        finally
        {
            File.Delete(tokens);
        }
    }

    [Fact]
    public async Task An_operation_past_the_result_limits_fails_with_54000_after_no_more_rows_than_the_limit()
    {
        await using var server = await ServerProcess.StartAsync(null, false, "--max-result-rows", "5000", "--max-result-bytes", "200000");
        await using var connection = new QuiverConnection($"Host={server.Address.Host};Port={server.Address.Port};Token={server.Token}");
        await connection.OpenAsync();
        async Task<(long Rows, QuiverException? Error)> ReadAll(string sql)
        {
            long rows = 0;
            try
            {
                await using var reader = await new QuiverCommand(sql, connection).ExecuteReaderAsync();
                do
                {
                    while (await reader.ReadAsync())
                    {
                        rows++;
                    }
                }
                while (await reader.NextResultAsync());
                return (rows, null);
            }
            catch (QuiverException error)
            {
                return (rows, error);
            }
        }

        var atLimit = await ReadAll("SELECT * FROM range(5000)");
        var overRows = await ReadAll("SELECT * FROM range(1000000)");
        var overAcrossStatements = await ReadAll("SELECT * FROM range(3000); SELECT * FROM range(3000)");
        var overBytes = await ReadAll("SELECT repeat('x', 1000) FROM range(1000)");

        Assert.Equal((5000L, (QuiverException?)null), atLimit);
        Assert.Equal("54000", overRows.Error?.SqlState);
        Assert.Contains("max-result-rows", overRows.Error!.Message, StringComparison.Ordinal);
        Assert.InRange(overRows.Rows, 0, 5000);
        Assert.Equal("54000", overAcrossStatements.Error?.SqlState);
        Assert.InRange(overAcrossStatements.Rows, 3000, 5000);
        Assert.Equal("54000", overBytes.Error?.SqlState);
        Assert.Contains("max-result-bytes", overBytes.Error!.Message, StringComparison.Ordinal);
        Assert.Equal((1L, (QuiverException?)null), await ReadAll("SELECT 1"));
    }

    [Fact]
    public async Task A_tenant_over_its_own_memory_limit_fails_with_53200_while_another_tenant_runs_the_same_query()
    {
        await using var server = await ServerProcess.StartWithTokensAsync("""
            {"tokens": [
              {"token": "small-token-0123456789", "principal": "small", "tenant": "small"},
              {"token": "large-token-0123456789", "principal": "large", "tenant": "large"}
            ],
             "tenants": {"small": {"memory_limit": "100MiB", "threads": 1}}}
            """, "--tenant-memory-limit", "2GiB", "--tenant-threads", "2");
        await using var small = await TestSession.OpenAsync(server, "small-token-0123456789");
        await using var large = await TestSession.OpenAsync(server, "large-token-0123456789");
        // A list of 100 million BIGINTs (800 MB) cannot spill: it fits in 2 GiB and not in 100 MiB.
        const string Big = "SELECT length(list(i)) FROM range(100000000) t(i)";

        var settings = (await small.QueryAsync("SELECT current_setting('memory_limit'), current_setting('threads')")).Single();
        var defaults = (await large.QueryAsync("SELECT current_setting('memory_limit'), current_setting('threads')")).Single();
        var refused = await small.ExecuteAsync(Big);
        var served = await large.ExecuteAsync(Big);
        var after = await small.ScalarAsync("SELECT count(*) FROM range(1000)");

        Assert.Equal(["100.0 MiB", 1L], settings);
        Assert.Equal(["2.0 GiB", 2L], defaults);
        Assert.Equal("53200", refused.Error?.SqlState);
        Assert.True(served.Error is null, served.Error?.ToString());
        Assert.Equal(100_000_000L, served.ResultSets.Single().Rows.Single().Single());
        Assert.Equal(1000L, after);
    }

    [Fact]
    public async Task A_sort_bigger_than_the_tenant_memory_limit_spills_to_disk_and_succeeds()
    {
        await using var server = await ServerProcess.StartAsync(null, false, "--tenant-memory-limit", "256MiB");
        await using var session = await TestSession.OpenAsync(server);
        await session.RunAsync("SET TimeZone = 'UTC'");

        // About 400 MB of strings sorted under a 256 MiB limit: DuckDB must write to its temp folder.
        var result = await session.ExecuteAsync(
            "SELECT max(r), count(*) FROM (SELECT row_number() OVER (ORDER BY s) AS r FROM (SELECT md5(i::VARCHAR) || repeat('x', 60) AS s FROM range(4000000) t(i)))");

        Assert.True(result.Error is null, result.Error?.ToString());
        Assert.Equal([4_000_000L, 4_000_000L], result.ResultSets.Single().Rows.Single());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_server_creates_owner_only_files_and_warns_about_a_token_on_its_command_line()
    {
        await using var server = await ServerProcess.StartAsync();
        await using (var session = await TestSession.OpenAsync(server))
        {
            await session.RunAsync("CREATE TABLE modes AS SELECT * FROM range(10)");
        }

        var others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var created = Directory.EnumerateFileSystemEntries(server.DataFolder, "*", SearchOption.AllDirectories).Prepend(server.DataFolder).ToList();
        Assert.Contains(created, path => path.EndsWith(".wal", StringComparison.Ordinal));
        Assert.All(created, path => Assert.True((File.GetUnixFileMode(path) & others) == 0, $"{path} is {File.GetUnixFileMode(path)}"));
        Assert.Contains("warning: --token on the command line", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_lost_during_COMMIT_is_reported_as_an_unknown_outcome_not_as_transient()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var connection = new QuiverConnection($"Host={server.Address.Host};Port={server.Address.Port};Token={server.Token};Pooling=false;Timeout=5");
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await new QuiverCommand("CREATE TABLE lost (x INTEGER); INSERT INTO lost VALUES (1)", connection, transaction).ExecuteNonQueryAsync();

        Process.GetProcessById(server.ProcessId).Kill();
        await server.WaitForExitAsync();
        var error = await Assert.ThrowsAsync<QuiverException>(() => transaction.CommitAsync());

        Assert.Equal("08007", error.SqlState);
        Assert.False(error.IsTransient);
    }

    private static double Bytes(string duckDbSize)
    {
        var parts = duckDbSize.Split(' ');
        var factor = parts[1] switch { "KiB" => 1024d, "MiB" => 1024d * 1024, "GiB" => 1024d * 1024 * 1024, "TiB" => 1024d * 1024 * 1024 * 1024, _ => 1d };
        return double.Parse(parts[0], CultureInfo.InvariantCulture) * factor;
    }
}
