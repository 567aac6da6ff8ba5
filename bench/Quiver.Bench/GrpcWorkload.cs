using System.Buffers;
using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Quiver.Protocol.Grpc;
using Quiver.GrpcPeers;
using Quiver.GrpcPeers.Shapes;

namespace Quiver.Bench;

/// <summary>
/// The gRPC transport on loopback: Quiver's client against Quiver's server layer (a child process) and against grpc-js
/// (the peer), with the same calls: unary round trips one at a time and 64 in flight, and server streaming in
/// 1 MiB and 64 KiB messages.
/// </summary>
internal sealed class GrpcWorkload(bool quick, int runs)
{
    public const string Name = "grpc";
    private const int InFlight = 64;

    public IReadOnlyList<Measurement> Run()
    {
        var self = new ProcessStartInfo("dotnet");
        self.ArgumentList.Add(typeof(GrpcHost).Assembly.Location);
        self.ArgumentList.Add(GrpcHost.Mode);
        using var servers = new Servers(PeerServer.StartGrpcJsAsync().GetAwaiter().GetResult(), PeerServer.StartAsync(self).GetAwaiter().GetResult());

        var sequential = quick ? 2_000 : 20_000;
        var concurrent = quick ? 10_000 : 100_000;
        var (bigCount, smallCount) = quick ? (64, 1_024) : (512, 8_192);
        var measurements = new List<Measurement>();
        foreach (var (label, address) in new[] { ("grpc-js server", servers.GrpcJs.Address), ("Quiver server", servers.Quiver.Address) })
        {
            using var channel = QuiverChannel.Create(new Uri($"http://{address}"));
            var peer = label == "Quiver server" ? "grpc-js server" : label;
            measurements.Add(Unary(channel, $"{label}: unary, one at a time", sequential, peer));
            measurements.Add(Concurrent(channel, $"{label}: unary, {InFlight} in flight", concurrent, peer));
            measurements.Add(Stream(channel, $"{label}: stream of 1 MiB messages", bigCount, 1024 * 1024, peer));
            measurements.Add(Stream(channel, $"{label}: stream of 64 KiB messages", smallCount, 64 * 1024, peer));
            measurements.Add(PooledStream(channel, $"{label}: stream of 1 MiB messages, each copied into a pooled buffer (no protobuf parse)", bigCount, 1024 * 1024, $"{label}: stream of 1 MiB messages"));
        }

        return measurements;
    }

    private Measurement Unary(GrpcChannel channel, string name, int calls, string peer)
    {
        var latencies = new List<double>();
        var request = new EchoRequest { Text = "ping" };
        var measurement = Measurement.Take(name, runs, () =>
        {
            latencies.Clear();
            for (var i = 0; i < calls; i++)
            {
                var start = Stopwatch.GetTimestamp();
                channel.UnaryAsync(ShapesMethods.Echo, request).GetAwaiter().GetResult();
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }

            return calls;
        }, allThreads: true);
        return measurement with { Latencies = latencies.ToArray(), ComparedTo = Peer(peer, name) };
    }

    private Measurement Concurrent(GrpcChannel channel, string name, int calls, string peer)
    {
        var request = new EchoRequest { Text = "ping" };
        var measurement = Measurement.Take(name, runs, () =>
        {
            var workers = Enumerable.Range(0, InFlight).Select(async _ =>
            {
                for (var i = 0; i < calls / InFlight; i++)
                {
                    await channel.UnaryAsync(ShapesMethods.Echo, request);
                }
            });
            Task.WhenAll(workers).GetAwaiter().GetResult();
            return calls / InFlight * InFlight;
        }, allThreads: true);
        return measurement with { ComparedTo = Peer(peer, name) };
    }

    private Measurement Stream(GrpcChannel channel, string name, int count, int size, string peer)
    {
        var request = new DownloadRequest { Count = (uint)count, Size = (uint)size, SameData = true };
        var measurement = Measurement.Take(name, runs, () => ReadAll(channel, request).GetAwaiter().GetResult(), allThreads: true);
        return measurement with { Bytes = (long)count * size, ComparedTo = Peer(peer, name) };
    }

    private static async Task<long> ReadAll(GrpcChannel channel, DownloadRequest request)
    {
        long messages = 0;
        await using var stream = await channel.ServerStreamingAsync(ShapesMethods.Download, request);
        while (await stream.MoveNextAsync())
        {
            if (stream.Current.Data.Length != request.Size)
            {
                throw new InvalidOperationException($"message {messages} has {stream.Current.Data.Length} bytes, expected {request.Size}.");
            }

            messages++;
        }

        return messages;
    }

    // What a marshaller that lands each payload in a pooled buffer would gain over protobuf's parse, which copies the
    // bytes field into a new array per message (docs/protocol.md, "Result payloads").
    private Measurement PooledStream(GrpcChannel channel, string name, int count, int size, string comparedTo)
    {
        var request = new DownloadRequest { Count = (uint)count, Size = (uint)size, SameData = true };
        var measurement = Measurement.Take(name, runs, () => ReadPooled(channel, request).GetAwaiter().GetResult(), allThreads: true);
        return measurement with { Bytes = (long)count * size, ComparedTo = comparedTo };
    }

    private static readonly Method<DownloadRequest, PayloadSize> PooledDownload = new(
        MethodType.ServerStreaming, ShapesMethods.Service, "Download",
        Marshallers.Create<DownloadRequest>(r => r.ToByteArray(), DownloadRequest.Parser.ParseFrom),
        Marshallers.Create<PayloadSize>(
            (Action<PayloadSize, SerializationContext>)((_, _) => throw new NotSupportedException()),
            (Func<DeserializationContext, PayloadSize>)(context =>
            {
                var payload = context.PayloadAsReadOnlySequence();
                var buffer = ArrayPool<byte>.Shared.Rent((int)payload.Length);
                payload.CopyTo(buffer);
                ArrayPool<byte>.Shared.Return(buffer);
                return new PayloadSize(payload.Length);
            })));

    private static async Task<long> ReadPooled(GrpcChannel channel, DownloadRequest request)
    {
        long messages = 0;
        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(PooledDownload, null, default, request);
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            // A Chunk's encoding: the index (2-6 bytes) and the data field's tag and length around the payload.
            if (call.ResponseStream.Current.Bytes < request.Size)
            {
                throw new InvalidOperationException($"message {messages} has {call.ResponseStream.Current.Bytes} bytes, expected more than {request.Size}.");
            }

            messages++;
        }

        return messages;
    }

    private sealed record PayloadSize(long Bytes);

    /// <summary>The same variant measured against <paramref name="server"/>.</summary>
    private static string Peer(string server, string name) => server + name[name.IndexOf(':', StringComparison.Ordinal)..];

    private sealed record Servers(PeerServer GrpcJs, PeerServer Quiver) : IDisposable
    {
        public void Dispose()
        {
            GrpcJs.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Quiver.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
