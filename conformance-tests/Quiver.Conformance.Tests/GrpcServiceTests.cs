using Grpc.Core;
using Quiver.GrpcPeers;
using Quiver.Protocol;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests;

/// <summary>The real server process serves quiver.v1 to grpc-js (from the .proto alone) and to Quiver's own client.</summary>
public sealed class GrpcServiceTests
{
    [Fact]
    public async Task Grpc_js_pings_the_server_and_sees_one_epoch_per_server_life()
    {
        await using var server = await ServerProcess.StartAsync();
        var first = await GrpcJsClient.CallAsync(server.HostAndPort, new
        {
            service = QuiverMethods.Service, method = "Ping", request = new { }, metadata = server.AuthorizationMetadata,
        });
        var second = await GrpcJsClient.CallAsync(server.HostAndPort, new
        {
            service = QuiverMethods.Service, method = "Ping", request = new { session = new { sessionId = "00", epoch = "1" } },
            metadata = server.AuthorizationMetadata,
        });

        Assert.Equal(0, first.StatusCode);
        var epoch = first.Messages.Single()["serverEpoch"]!.GetValue<string>();
        Assert.NotEqual("0", epoch);
        Assert.Equal(epoch, second.Messages.Single()["serverEpoch"]!.GetValue<string>());
        Assert.Equal("SESSION_STATE_STALE", second.Messages.Single()["sessionState"]!.GetValue<string>());

        await using var restarted = await ServerProcess.StartAsync();
        var third = await GrpcJsClient.CallAsync(restarted.HostAndPort, new
        {
            service = QuiverMethods.Service, method = "Ping", request = new { }, metadata = restarted.AuthorizationMetadata,
        });
        Assert.NotEqual(epoch, third.Messages.Single()["serverEpoch"]!.GetValue<string>());
    }

    [Fact]
    public async Task Quiver_client_pings_the_server()
    {
        await using var server = await ServerProcess.StartAsync();
        using var channel = QuiverChannel.Create(server.Address);
        var client = new QuiverClient(channel);

        var auth = new GrpcCallOptions { Headers = [new("authorization", $"Bearer {server.Token}")] };

        var ping = await client.PingAsync(new PingRequest(), auth);
        var check = await client.PingAsync(new PingRequest { Session = new SessionRef { SessionId = "no-such-session", Epoch = ping.ServerEpoch } }, auth);

        Assert.NotEqual(0UL, ping.ServerEpoch);
        Assert.Equal(SessionState.Unknown, check.SessionState);
    }

    [Fact]
    public async Task Methods_the_server_does_not_serve_are_UNIMPLEMENTED_for_grpc_js()
    {
        await using var server = await ServerProcess.StartAsync();

        var result = await GrpcJsClient.CallAsync(server.HostAndPort, new
        {
            service = ShapesMethods.Service, method = "Missing", request = new { }, metadata = server.AuthorizationMetadata,
        });

        Assert.Equal((int)StatusCode.Unimplemented, result.StatusCode);
    }
}
