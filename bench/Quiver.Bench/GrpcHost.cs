using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quiver.GrpcPeers;
using Quiver.GrpcPeers.Shapes;
using Quiver.Server.Grpc;

namespace Quiver.Bench;

/// <summary>
/// The server's gRPC layer on Kestrel serving Shapes.Echo and Shapes.Download, run as its own process
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
        await using var app = builder.Build();
        var chunks = new Dictionary<int, ByteString>();
        var router = new GrpcRouter(new GrpcServerOptions(), app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("bench"))
            .MapUnary(ShapesMethods.Echo, (request, _) => Task.FromResult(new EchoReply { Text = request.Text }))
            .MapServerStreaming(ShapesMethods.Download, async (request, responses, _) =>
            {
                var data = Pattern(chunks, (int)request.Size);
                for (var i = 0u; i < request.Count; i++)
                {
                    await responses.WriteAsync(new Chunk { Index = i, Data = data });
                }
            });
        app.Run(router.HandleAsync);
        await app.StartAsync();
        Console.WriteLine($"LISTENING {app.BoundAddress().Port}");
        // Runs until the benchmark closes stdin.
        await Console.In.ReadToEndAsync();
        return 0;
    }

    private static ByteString Pattern(Dictionary<int, ByteString> cache, int size)
    {
        lock (cache)
        {
            if (!cache.TryGetValue(size, out var data))
            {
                cache[size] = data = ByteString.CopyFrom(ShapesMethods.Pattern(0, size));
            }

            return data;
        }
    }
}
