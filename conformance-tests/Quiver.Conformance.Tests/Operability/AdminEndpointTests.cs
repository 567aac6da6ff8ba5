using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Grpc.Core;
using Quiver.Data;
using Quiver.Protocol;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests.Operability;

/// <summary>The HTTP admin port (--admin-listen): health, readiness and Prometheus metrics, scraped from the real server.</summary>
public sealed partial class AdminEndpointTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task Health_and_readiness_answer_plain_HTTP_without_credentials()
    {
        await using var server = await ServerProcess.StartAsync(null, false, "--admin-listen", "0");
        var admin = server.AdminAddress!;

        using var health = await Http.GetAsync(new Uri(admin, "/healthz"));
        using var ready = await Http.GetAsync(new Uri(admin, "/readyz"));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok\n", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready\n", await ready.Content.ReadAsStringAsync());
        Assert.Equal(IPAddress.Loopback.ToString(), admin.Host);
    }

    [Fact]
    public async Task The_admin_port_serves_no_gRPC_and_no_other_path()
    {
        await using var server = await ServerProcess.StartAsync(null, false, "--admin-listen", "0");
        var admin = server.AdminAddress!;

        using var missing = await Http.GetAsync(new Uri(admin, "/quiver.v1.Quiver/Ping"));
        using var posted = await Http.PostAsync(new Uri(admin, "/healthz"), new StringContent(""));
        using var channel = QuiverChannel.Create(admin);
        var grpc = await Assert.ThrowsAsync<RpcException>(() =>
            new QuiverClient(channel).PingAsync(new PingRequest(), TestSession.Authorized(server.Token)));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, posted.StatusCode);
        Assert.NotEqual(StatusCode.OK, grpc.StatusCode);
    }

    [Fact]
    public async Task Without_admin_listen_no_admin_port_is_opened()
    {
        await using var server = await ServerProcess.StartAsync();

        Assert.Null(server.AdminAddress);
        Assert.DoesNotContain("Admin endpoint", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_count_sessions_rows_operations_and_errors_by_sqlstate_class()
    {
        await using var server = await ServerProcess.StartAsync(null, false, "--admin-listen", "0");
        await using var connection = new QuiverConnection($"Host={server.Address.Host};Port={server.Address.Port};Token={server.Token};Pooling=false");
        await connection.OpenAsync();
        await using (var command = new QuiverCommand("SELECT * FROM range(1234)", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
            }
        }

        await using (var failing = new QuiverCommand("SELEC 1", connection))
        {
            await Assert.ThrowsAsync<QuiverException>(() => failing.ExecuteNonQueryAsync());
        }

        var text = await Http.GetStringAsync(new Uri(server.AdminAddress!, "/metrics"));

        Assert.Equal(1, Sample(text, "quiver_server_sessions_active"));
        Assert.True(Sample(text, "quiver_server_sessions_opened_total", "tenant=\"default\"") >= 1, text);
        Assert.True(Sample(text, "quiver_server_result_rows_total", "tenant=\"default\"") >= 1234, text);
        Assert.True(Sample(text, "quiver_server_result_sent_bytes_total", "tenant=\"default\"") > 1234 * 8, text);
        Assert.Equal(1, Sample(text, "quiver_server_operation_errors_total", "sqlstate_class=\"42\""));
        Assert.Equal(0, Sample(text, "quiver_server_operations_running"));
        Assert.Equal(0, Sample(text, "quiver_server_operations_queued"));
        Assert.True(Sample(text, "quiver_server_operation_duration_seconds_count", "outcome=\"succeeded\"") >= 1, text);
        Assert.True(Sample(text, "quiver_server_operation_duration_seconds_count", "outcome=\"failed\"") >= 1, text);
    }

    /// <summary>The sum of every sample of <paramref name="metric"/> whose labels contain <paramref name="label"/>.</summary>
    private static double Sample(string exposition, string metric, string label = "")
    {
        var samples = SampleLine().Matches(exposition)
            .Where(m => m.Groups["name"].Value == metric && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))
            .Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(samples.Count > 0, $"No sample of {metric} with {label} in:\n{exposition}");
        return samples.Sum();
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(?:\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
