using Grpc.Net.Client;
using Grpc.Core;
using Google.Protobuf;
using Quiver.GrpcPeers;
using Quiver.GrpcPeers.Shapes;
using Quiver.Protocol.Grpc;
using Quiver.Server.Grpc;

namespace Quiver.Server.Tests.Grpc;

/// <summary>Quiver's client (Quiver.Protocol's GrpcChannel) against the server's gRPC layer: both of Quiver's ends together.</summary>
public sealed class GrpcChannelTests : IAsyncLifetime
{
    // Generous: a loaded machine can take seconds to schedule the peer.
    private static readonly TimeSpan ObservedWithin = TimeSpan.FromSeconds(60);
    private TransportHost _host = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _host = await TransportHost.StartAsync(new GrpcServerOptions { CompressResponses = true });
        _channel = QuiverChannel.Create(_host.Uri);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Streams_a_large_result_intact()
    {
        var received = 0;
        await using (var stream = await _channel.ServerStreamingAsync(ShapesMethods.Download, new DownloadRequest { Count = 48, Size = 1024 * 1024 }))
        {
            while (await stream.MoveNextAsync())
            {
                Assert.Equal(ShapesMethods.Pattern(received++, 1024 * 1024), stream.Current.Data.ToByteArray());
            }
        }

        Assert.Equal(48, received);
    }

    [Fact]
    public async Task Gzip_both_ways_when_both_ends_ask_for_it()
    {
        using var channel = QuiverChannel.Create(_host.Uri, new QuiverChannelOptions { CompressRequests = true });
        var reply = await channel.UnaryAsync(ShapesMethods.Echo, new EchoRequest { Text = "zip", Payload = ByteString.CopyFrom(new byte[500_000]) });

        Assert.Equal(500_000UL, reply.PayloadLength);
    }

    [Fact]
    public async Task Structured_errors_reach_the_caller()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.UnaryAsync(ShapesMethods.Fail, new FailRequest { Code = 16, Message = "Anmeldung fehlgeschlagen ✗", WithError = true }));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("Anmeldung fehlgeschlagen ✗", error.Detail);
        Assert.Equal("42P01", error.Error?.SqlState);
    }

    [Fact]
    public async Task Cancelling_the_token_reaches_the_handler()
    {
        using var cancel = new CancellationTokenSource();
        await using var stream = await _channel.ServerStreamingAsync(ShapesMethods.Hang, new HangRequest { Tag = "token" }, new GrpcCallOptions { CancellationToken = cancel.Token });
        Assert.True(await stream.MoveNextAsync());
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.MoveNextAsync());
        Assert.True(await _host.Shapes.HangObserved("token").WaitAsync(ObservedWithin));
    }

    [Fact]
    public async Task Deadline_reaches_the_handler()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await using var stream = await _channel.ServerStreamingAsync(
                ShapesMethods.Hang, new HangRequest { Tag = "deadline" }, new GrpcCallOptions { Deadline = DateTime.UtcNow.AddSeconds(3) });
            while (await stream.MoveNextAsync())
            {
            }
        });

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.True(await _host.Shapes.HangObserved("deadline").WaitAsync(ObservedWithin));
    }

    [Fact]
    public async Task A_passed_deadline_is_always_DEADLINE_EXCEEDED_never_a_bare_cancellation()
    {
        // Deadlines that pass at every step of a call (before the headers, while reading): the caller must see the
        // status, however the cancellation races the awaiting code.
        var wrong = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                await using var stream = await _channel.ServerStreamingAsync(
                    ShapesMethods.Hang, new HangRequest { Tag = $"race {i}" }, new GrpcCallOptions { Deadline = DateTime.UtcNow.AddMilliseconds(i % 20) });
                while (await stream.MoveNextAsync())
                {
                }

                wrong.Add($"{i}: ended");
            }
            catch (RpcException status) when (status.StatusCode == StatusCode.DeadlineExceeded)
            {
            }
            catch (Exception other)
            {
                wrong.Add($"{i}: {other.GetType().Name} {(other as RpcException)?.Status}");
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task More_calls_in_flight_than_one_connection_allows()
    {
        // Kestrel allows 100 concurrent streams per connection; the channel opens more connections for the rest.
        var hangs = new List<IGrpcResponseStream<Chunk>>();
        for (var i = 0; i < 150; i++)
        {
            var stream = await _channel.ServerStreamingAsync(ShapesMethods.Hang, new HangRequest { Tag = $"open {i}" });
            Assert.True(await stream.MoveNextAsync());
            hangs.Add(stream);
        }

        var reply = await _channel.UnaryAsync(ShapesMethods.Echo, new EchoRequest { Text = "still answers" });
        Assert.Equal("still answers", reply.Text);
        foreach (var hang in hangs)
        {
            await hang.DisposeAsync();
        }

        Assert.True(await _host.Shapes.HangObserved("open 149").WaitAsync(ObservedWithin));
    }
}
