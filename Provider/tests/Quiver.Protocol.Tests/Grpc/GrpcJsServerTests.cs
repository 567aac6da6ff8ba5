using Grpc.Net.Client;
using Grpc.Core;
using Google.Protobuf;
using Quiver.GrpcPeers;
using Quiver.GrpcPeers.Shapes;
using Quiver.Protocol.Grpc;

namespace Quiver.Protocol.Tests.Grpc;

/// <summary>Quiver's gRPC client calls every call shape on grpc-js, an independent gRPC server.</summary>
public sealed class GrpcJsServerTests : IClassFixture<GrpcJsServerTests.Peer>
{
    // Generous: the peer runs in node, and a loaded machine can take seconds to schedule it.
    private static readonly TimeSpan ObservedWithin = TimeSpan.FromSeconds(60);
    private readonly PeerServer _server;
    private readonly GrpcChannel _channel;

    public GrpcJsServerTests(Peer peer)
    {
        _server = peer.Server;
        _channel = peer.Channel;
    }

    /// <summary>One grpc-js server and one channel to it for the whole class.</summary>
    public sealed class Peer : IAsyncLifetime
    {
        public PeerServer Server { get; private set; } = null!;

        public GrpcChannel Channel { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Server = await PeerServer.StartGrpcJsAsync();
            Channel = QuiverChannel.Create(new Uri($"http://{Server.Address}"));
        }

        public async Task DisposeAsync()
        {
            Channel.Dispose();
            await Server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Unary_call_carries_request_reply_and_metadata()
    {
        var reply = await _channel.UnaryAsync(
            ShapesMethods.Echo,
            new EchoRequest { Text = "héllo ✓", Payload = ByteString.CopyFrom(new byte[100_000]) },
            new GrpcCallOptions { Headers = [new("shape-header", "from-dotnet")] });

        Assert.Equal("héllo ✓", reply.Text);
        Assert.Equal(100_000UL, reply.PayloadLength);
        Assert.Equal("from-dotnet", reply.Header);
    }

    [Theory]
    [InlineData(64, 1024 * 1024)]
    [InlineData(512, 64 * 1024)]
    [InlineData(3, 0)]
    public async Task Server_stream_arrives_complete_and_in_order(int count, int size)
    {
        var received = 0;
        await using (var stream = await _channel.ServerStreamingAsync(ShapesMethods.Download, new DownloadRequest { Count = (uint)count, Size = (uint)size }))
        {
            while (await stream.MoveNextAsync())
            {
                Assert.Equal((uint)received, stream.Current.Index);
                Assert.Equal(ShapesMethods.Pattern(received, size), stream.Current.Data.ToByteArray());
                received++;
            }
        }

        Assert.Equal(count, received);
    }

    [Fact]
    public async Task Error_status_keeps_a_unicode_message_and_the_structured_error()
    {
        const string message = "Tabelle »Ümläüte« fehlt ✗ 100% 表";
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(ShapesMethods.Fail, new FailRequest { Code = 5, Message = message, WithError = true }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(message, error.Detail);
        var detail = Assert.IsType<V1.Error>(error.Error);
        Assert.Equal("42P01", detail.SqlState);
        Assert.Equal(V1.ErrorClass.Semantic, detail.ErrorClass);
        Assert.Equal(message, detail.Message);
        Assert.Equal((3u, 7u), (detail.Line, detail.Column));
    }

    [Fact]
    public async Task Error_after_messages_arrives_after_them()
    {
        await using var stream = await _channel.ServerStreamingAsync(ShapesMethods.FailMidStream, new FailRequest { Code = 9, Message = "stopped half way" });
        Assert.True(await stream.MoveNextAsync());
        var error = await Assert.ThrowsAsync<RpcException>(async () => await stream.MoveNextAsync());

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("stopped half way", error.Detail);
    }

    [Fact]
    public async Task Deadline_exceeded_is_DEADLINE_EXCEEDED_and_the_server_sees_it()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await using var stream = await _channel.ServerStreamingAsync(
                ShapesMethods.Hang, new HangRequest { Tag = "deadline" }, new GrpcCallOptions { Deadline = DateTime.UtcNow.AddMilliseconds(500) });
            while (await stream.MoveNextAsync())
            {
            }
        });

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await _server.WaitForLineAsync("CANCELLED Hang deadline").WaitAsync(ObservedWithin);
    }

    [Fact]
    public async Task Cancelling_the_token_cancels_the_call_on_the_server()
    {
        using var cancel = new CancellationTokenSource();
        var stream = await _channel.ServerStreamingAsync(ShapesMethods.Hang, new HangRequest { Tag = "token" }, new GrpcCallOptions { CancellationToken = cancel.Token });
        Assert.True(await stream.MoveNextAsync());
        var next = stream.MoveNextAsync().AsTask();
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        Assert.Equal(cancel.Token, error.CancellationToken);
        await _server.WaitForLineAsync("CANCELLED Hang token").WaitAsync(ObservedWithin);
        await stream.DisposeAsync();
    }

    [Fact]
    public async Task Disposing_a_stream_early_cancels_the_call_on_the_server()
    {
        var stream = await _channel.ServerStreamingAsync(ShapesMethods.Hang, new HangRequest { Tag = "dispose" });
        Assert.True(await stream.MoveNextAsync());
        await stream.DisposeAsync();

        await _server.WaitForLineAsync("CANCELLED Hang dispose").WaitAsync(ObservedWithin);
    }

    [Fact]
    public async Task Unknown_method_is_UNIMPLEMENTED()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryAsync(ShapesMethods.Missing, new EchoRequest()));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Response_over_the_receive_limit_is_RESOURCE_EXHAUSTED()
    {
        using var small = QuiverChannel.Create(new Uri($"http://{_server.Address}"), new QuiverChannelOptions { MaxReceiveMessageBytes = 64 * 1024 });
        await using var stream = await small.ServerStreamingAsync(ShapesMethods.Download, new DownloadRequest { Count = 2, Size = 65 * 1024 });
        var error = await Assert.ThrowsAsync<RpcException>(async () => await stream.MoveNextAsync());

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Gzip_in_both_directions()
    {
        await using var gzipServer = await PeerServer.StartGrpcJsAsync(gzip: true);
        using var channel = QuiverChannel.Create(new Uri($"http://{gzipServer.Address}"), new QuiverChannelOptions { CompressRequests = true });

        var reply = await channel.UnaryAsync(ShapesMethods.Echo, new EchoRequest { Text = "zipped", Payload = ByteString.CopyFrom(new byte[300_000]) });
        Assert.Equal(300_000UL, reply.PayloadLength);

        var received = 0;
        await using var stream = await channel.ServerStreamingAsync(ShapesMethods.Download, new DownloadRequest { Count = 4, Size = 100_000 });
        while (await stream.MoveNextAsync())
        {
            Assert.Equal(ShapesMethods.Pattern(received++, 100_000), stream.Current.Data.ToByteArray());
        }

        Assert.Equal(4, received);
    }

    [Fact]
    public async Task Many_concurrent_calls_share_the_channel()
    {
        var calls = Enumerable.Range(0, 200).Select(i => _channel.UnaryAsync(ShapesMethods.Echo, new EchoRequest { Text = $"call {i}" }));
        var replies = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"call {i}"), replies.Select(r => r.Text));
    }

    [Fact]
    public async Task Nobody_listening_is_UNAVAILABLE()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var channel = QuiverChannel.Create(new Uri($"http://127.0.0.1:{port}"));

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(ShapesMethods.Echo, new EchoRequest()));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }
}
