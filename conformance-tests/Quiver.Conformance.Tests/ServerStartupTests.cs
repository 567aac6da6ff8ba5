using Grpc.Core;
using Quiver.Protocol.Grpc;
using System.Net;
using System.Net.Sockets;
using Quiver.Protocol;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests;

public sealed class ServerStartupTests
{
    [Fact]
    public async Task Server_announces_a_loopback_address_and_accepts_connections_there()
    {
        await using var server = await ServerProcess.StartAsync();

        Assert.Equal("127.0.0.1", server.Address.Host);
        Assert.NotEqual(0, server.Address.Port);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Address.Port);
        Assert.True(client.Connected);
    }

    [Fact]
    public async Task Server_keeps_its_embedded_database_in_the_data_folder()
    {
        await using var server = await ServerProcess.StartAsync();

        Assert.True(File.Exists(Path.Combine(server.DataFolder, "quiver.duckdb")));
        Assert.Contains("DuckDB v1.5.6", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_answers_an_unknown_grpc_method_with_status_12_over_cleartext_http2()
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "/quiver.v1.NoSuchService/NoSuchMethod"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("authorization", $"Bearer {server.Token}");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Version(2, 0), response.Version);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("12", Assert.Single(response.Headers.GetValues("grpc-status")));
    }

    [Fact]
    public async Task Server_drains_and_exits_zero_on_SIGTERM()
    {
        await using var server = await ServerProcess.StartAsync();

        var exitCode = await server.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.Contains("Quiver server stopped.", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_restarts_on_the_database_a_previous_run_left()
    {
        var folder = ServerProcess.NewDataFolder();
        try
        {
            await using (var first = await ServerProcess.StartAsync(folder))
            {
                Assert.Equal(0, await first.TerminateAsync(TimeSpan.FromSeconds(30)));
            }

            var database = Path.Combine(folder, "quiver.duckdb");
            Assert.True(File.Exists(database));
            await using var second = await ServerProcess.StartAsync(folder);
            Assert.Contains(database, second.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Server_runs_on_an_in_memory_database_and_leaves_no_temporary_folder_behind()
    {
        static int ExtensionFolders() => Directory.GetDirectories(Path.GetTempPath(), "quiver-extensions-*").Length;
        var before = ExtensionFolders();
        await using var server = await ServerProcess.StartAsync(":memory:");

        Assert.Contains("an in-memory database", server.Output, StringComparison.Ordinal);
        Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(before, ExtensionFolders());
    }

    // Here, not with the other authentication tests: in-memory servers in this class must not run alongside the
    // temporary-folder count above.
    [Fact]
    public async Task An_in_memory_server_prints_the_token_it_generated()
    {
        await using var server = await ServerProcess.StartAsync(":memory:", generateToken: true);
        using var channel = QuiverChannel.Create(server.Address);
        var client = new QuiverClient(channel);

        Assert.True(server.Token.Length >= 32, server.Output);
        var ping = await client.PingAsync(new PingRequest(), new GrpcCallOptions { Headers = [new("authorization", $"Bearer {server.Token}")] });
        Assert.NotEqual(0UL, ping.ServerEpoch);
    }

    [Fact]
    public async Task A_port_already_in_use_exits_with_code_1_and_says_so()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var folder = ServerProcess.NewDataFolder();
        try
        {
            var (exitCode, output) = await ServerProcess.RunToExitAsync("--listen", $"127.0.0.1:{port}", "--data", folder);

            Assert.Equal(1, exitCode);
            Assert.Contains($"Could not listen on 127.0.0.1:{port}", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_data_path_that_is_a_file_exits_with_code_1_and_says_so()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (exitCode, output) = await ServerProcess.RunToExitAsync("--listen", "127.0.0.1:0", "--data", file);

            Assert.Equal(1, exitCode);
            Assert.Contains($"Could not open the database in '{file}'", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_second_server_on_a_database_in_use_exits_with_code_1_and_says_so()
    {
        await using var first = await ServerProcess.StartAsync();

        var (exitCode, output) = await ServerProcess.RunToExitAsync("--listen", "127.0.0.1:0", "--data", first.DataFolder);

        Assert.Equal(1, exitCode);
        Assert.Contains("Could not open the database", output, StringComparison.Ordinal);
        Assert.Contains("lock", output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("--no-such-option", "x", "Unknown option --no-such-option")]
    [InlineData("--listen", "not-an-address", "--listen must be an address and a port")]
    [InlineData("--listen", "", "--listen must be an address and a port")]
    [InlineData("stray", "", "Unexpected argument 'stray'")]
    public async Task Bad_options_exit_with_code_2_and_say_what_was_wrong(string option, string value, string message)
    {
        var args = value.Length > 0 || option.StartsWith("--", StringComparison.Ordinal) ? new[] { option, value } : [option];

        var (exitCode, output) = await ServerProcess.RunToExitAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }
}
