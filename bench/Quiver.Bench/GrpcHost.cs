using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quiver.GrpcPeers;
using Quiver.GrpcPeers.Shapes;
using Quiver.Server.Grpc;

namespace Quiver.Bench;

/// <summary>
/// The server's gRPC hosting (Kestrel, Grpc.AspNetCore) serving Shapes.Echo and Shapes.Download, run as its own process
/// (<c>Quiver.Bench grpc-host</c>) so that the client's measurements do not include the server's work.
/// </summary>
internal static class GrpcHost
{
    public const string Mode = "grpc-host";

    public static async Task<int> RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenForGrpc(new IPEndPoint(IPAddress.Loopback, 0)));
        builder.Services.AddQuiverGrpc(new GrpcServerOptions());
        builder.Services.AddSingleton<BenchShapes>();
        await using var app = builder.Build();
        app.MapQuiverGrpc<BenchShapes>(authenticate: null);
        await app.StartAsync();
        Console.WriteLine($"LISTENING {app.BoundAddress().Port}");
        // Runs until the benchmark closes stdin.
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <summary>Echo and Download with the chunk data made once per size, so the server's work is the transport's.</summary>
    private sealed class BenchShapes : Shapes.ShapesBase
    {
        private readonly Dictionary<int, ByteString> _chunks = [];

        public override Task<EchoReply> Echo(EchoRequest request, ServerCallContext context) => Task.FromResult(new EchoReply { Text = request.Text });

        public override async Task Download(DownloadRequest request, IServerStreamWriter<Chunk> responseStream, ServerCallContext context)
        {
            var data = Pattern((int)request.Size);
            for (var i = 0u; i < request.Count; i++)
            {
                await responseStream.WriteAsync(new Chunk { Index = i, Data = data });
            }
        }

        private ByteString Pattern(int size)
        {
            lock (_chunks)
            {
                if (!_chunks.TryGetValue(size, out var data))
                {
                    _chunks[size] = data = ByteString.CopyFrom(ShapesMethods.Pattern(0, size));
                }

                return data;
            }
        }
    }
}
