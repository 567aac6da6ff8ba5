using Quiver.Protocol.Grpc;
using Grpc.Net.Client;
using System.Diagnostics;
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
