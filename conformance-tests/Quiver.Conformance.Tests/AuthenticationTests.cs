using Grpc.Core;
using Quiver.GrpcPeers;
using Quiver.Protocol;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests;

/// <summary>Every call needs <c>authorization: Bearer &lt;token&gt;</c>; without it nothing else is revealed.</summary>
public sealed class AuthenticationTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-the-token-at-all")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task A_missing_or_wrong_token_is_UNAUTHENTICATED_for_every_method(string? authorization)
    {
        await using var server = await ServerProcess.StartAsync();
        var metadata = authorization is null ? new Dictionary<string, string>() : new() { ["authorization"] = authorization };

        var ping = await GrpcJsClient.CallAsync(server.HostAndPort, new { service = QuiverMethods.Service, method = "Ping", request = new { }, metadata });
        var unknown = await GrpcJsClient.CallAsync(server.HostAndPort, new { service = ShapesMethods.Service, method = "Missing", request = new { }, metadata });

        Assert.Equal((int)StatusCode.Unauthenticated, ping.StatusCode);
        Assert.Empty(ping.Messages);
        Assert.Equal((int)StatusCode.Unauthenticated, unknown.StatusCode);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Without_a_configured_token_the_server_generates_one_in_an_owner_only_file()
    {
        await using var server = await ServerProcess.StartAsync(generateToken: true);
        var file = Path.Combine(server.DataFolder, "token");
        using var channel = QuiverChannel.Create(server.Address);
        var client = new QuiverClient(channel);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.True(server.Token.Length >= 32);
        Assert.Contains(file, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Token, server.Output, StringComparison.Ordinal);
        var ping = await client.PingAsync(new PingRequest(), new GrpcCallOptions { Headers = [new("authorization", $"Bearer {server.Token}")] });
        Assert.NotEqual(0UL, ping.ServerEpoch);
    }

    [Fact]
    public async Task A_restarted_server_generates_a_new_token()
    {
        var folder = ServerProcess.NewDataFolder();
        try
        {
            string first;
            await using (var server = await ServerProcess.StartAsync(folder, generateToken: true))
            {
                first = server.Token;
            }

            await using var again = await ServerProcess.StartAsync(folder, generateToken: true);
            Assert.NotEqual(first, again.Token);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_short_token_is_refused_at_start()
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync("--listen", "127.0.0.1:0", "--data", ":memory:", "--token", "short");

        Assert.Equal(2, exitCode);
        Assert.Contains("--token must be at least 16 characters", output, StringComparison.Ordinal);
    }
}
