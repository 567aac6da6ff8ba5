using Quiver.GrpcPeers;
using Quiver.Server.Grpc;

namespace Quiver.Server.Tests.Grpc;

/// <summary>grpc-js (an independent gRPC implementation) calls every call shape on the server's gRPC layer.</summary>
public sealed class GrpcJsClientTests : IAsyncLifetime
{
    private const string Shapes = ShapesMethods.Service;
    // Generous: a loaded machine can take seconds to schedule the peer.
    private static readonly TimeSpan ObservedWithin = TimeSpan.FromSeconds(60);
    private TransportHost _host = null!;

    public async Task InitializeAsync() => _host = await TransportHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Unary_call_carries_request_reply_and_metadata()
    {
        var result = await GrpcJsClient.CallAsync(_host.Address, new
        {
            service = Shapes, method = "Echo",
            request = new { text = "héllo ✓", payload = new Dictionary<string, int> { ["$bytes"] = 100_000 } },
            metadata = new Dictionary<string, string> { ["shape-header"] = "from-js" },
        });

        Assert.Equal(0, result.StatusCode);
        var reply = Assert.Single(result.Messages);
        Assert.Equal("héllo ✓", reply["text"]!.GetValue<string>());
        Assert.Equal("100000", reply["payloadLength"]!.GetValue<string>());
        Assert.Equal("from-js", reply["header"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(64, 1024 * 1024)]
    [InlineData(512, 64 * 1024)]
    [InlineData(3, 0)]
    public async Task Server_stream_arrives_complete_and_in_order(int count, int size)
    {
        var result = await GrpcJsClient.CallAsync(_host.Address, new { service = Shapes, method = "Download", request = new { count, size } });

        Assert.Equal(0, result.StatusCode);
        Assert.Equal(count, result.Messages.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(i, result.Messages[i]["index"]!.GetValue<int>());
            var data = result.Messages[i]["data"]!;
            Assert.Equal(size, data["length"]!.GetValue<int>());
            Assert.True(data["patternOk"]!.GetValue<bool>(), $"chunk {i} has the wrong bytes");
        }
    }

    [Fact]
    public async Task Error_status_keeps_a_unicode_message_and_the_structured_error()
    {
        const string message = "Tabelle »Ümläüte« fehlt ✗ 100% 表";
        var result = await GrpcJsClient.CallAsync(_host.Address, new
        {
            service = Shapes, method = "Fail", request = new { code = 5, message, withError = true },
        });

        Assert.Equal(5, result.StatusCode);
        Assert.Equal(message, result.Details);
        Assert.Empty(result.Messages);
        Assert.NotNull(result.Error);
        Assert.Equal("42P01", result.Error["sqlState"]!.GetValue<string>());
        Assert.Equal("ERROR_CLASS_SEMANTIC", result.Error["errorClass"]!.GetValue<string>());
        Assert.Equal(message, result.Error["message"]!.GetValue<string>());
        Assert.Equal(3, result.Error["line"]!.GetValue<int>());
        Assert.Equal(7, result.Error["column"]!.GetValue<int>());
    }

    [Fact]
    public async Task Error_after_messages_arrives_in_trailers()
    {
        var result = await GrpcJsClient.CallAsync(_host.Address, new
        {
            service = Shapes, method = "FailMidStream", request = new { code = 9, message = "stopped half way" },
        });

        Assert.Single(result.Messages);
        Assert.Equal(9, result.StatusCode);
        Assert.Equal("stopped half way", result.Details);
    }

    [Fact]
    public async Task Deadline_exceeded_ends_the_call_and_cancels_the_handler()
    {
        // The deadline runs from when node creates the call: long enough that the handler has started before it passes
        // even on a loaded machine (a fresh clone's first run, with NativeAOT compiles beside it, once spent 500 ms and
        // once 3 s before the handler ran, and the handler then had nothing to observe).
        var result = await GrpcJsClient.CallAsync(_host.Address, new
        {
            service = Shapes, method = "Hang", request = new { tag = "deadline" }, deadlineMs = 10_000,
        });

        Assert.Equal(4, result.StatusCode);
        Assert.True(await _host.Shapes.HangObserved("deadline").WaitAsync(ObservedWithin));
    }

    [Fact]
    public async Task Client_cancellation_of_a_stream_reaches_the_handler()
    {
        var result = await GrpcJsClient.CallAsync(_host.Address, new
        {
            service = Shapes, method = "Hang", request = new { tag = "cancel" }, cancelAfter = 1,
        });

        Assert.Equal(1, result.StatusCode);
        Assert.True(await _host.Shapes.HangObserved("cancel").WaitAsync(ObservedWithin));
    }

    [Fact]
    public async Task Unknown_method_is_UNIMPLEMENTED()
    {
        var result = await GrpcJsClient.CallAsync(_host.Address, new { service = Shapes, method = "Missing", request = new { } });

        Assert.Equal(12, result.StatusCode);
    }

    [Fact]
    public async Task Request_over_the_receive_limit_is_RESOURCE_EXHAUSTED()
    {
        var result = await GrpcJsClient.CallAsync(_host.Address, new
        {
            service = Shapes, method = "Echo",
            request = new { payload = new Dictionary<string, int> { ["$bytes"] = GrpcServerOptions.DefaultMaxMessageBytes + 1 } },
        });

        Assert.Equal(8, result.StatusCode);
        Assert.Contains("exceeds the maximum", result.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gzip_compressed_requests_are_accepted()
    {
        var result = await GrpcJsClient.CallAsync(_host.Address, new
        {
            service = Shapes, method = "Echo", gzip = true,
            request = new { text = "compressed", payload = new Dictionary<string, int> { ["$bytes"] = 200_000 } },
        });

        Assert.Equal(0, result.StatusCode);
        Assert.Equal("200000", result.Messages[0]["payloadLength"]!.GetValue<string>());
    }

    [Fact]
    public async Task Gzip_compressed_responses_are_read_by_grpc_js()
    {
        await using var host = await TransportHost.StartAsync(new GrpcServerOptions { CompressResponses = true });
        var result = await GrpcJsClient.CallAsync(host.Address, new { service = Shapes, method = "Download", request = new { count = 4, size = 100_000 } });

        Assert.Equal(0, result.StatusCode);
        Assert.All(result.Messages, m => Assert.True(m["data"]!["patternOk"]!.GetValue<bool>()));
    }
}
