using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quiver.Server.Grpc;

namespace Quiver.Server.Tests.Grpc;

/// <summary>The server's gRPC layer on real Kestrel (HTTP/2 on a free loopback port), serving <see cref="ShapesService"/>.</summary>
internal sealed class TransportHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TransportHost(WebApplication app, ShapesService shapes, string address)
    {
        _app = app;
        Shapes = shapes;
        Address = address;
    }

    public ShapesService Shapes { get; }

    /// <summary>host:port.</summary>
    public string Address { get; }

    public Uri Uri => new($"{(Tls ? "https" : "http")}://{Address}");

    public bool Tls { get; private init; }

    /// <summary>Starts the host; with <paramref name="certificate"/> it serves gRPC over TLS (ALPN h2) instead of cleartext.</summary>
    public static async Task<TransportHost> StartAsync(GrpcServerOptions? options = null, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenForGrpc(new IPEndPoint(IPAddress.Loopback, 0), certificate));
        var app = builder.Build();
        var shapes = new ShapesService();
        var router = shapes.Map(new GrpcRouter(options ?? new GrpcServerOptions(), app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("test")));
        app.Run(router.HandleAsync);
        await app.StartAsync();
        return new TransportHost(app, shapes, $"127.0.0.1:{app.BoundAddress().Port}") { Tls = certificate is not null };
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
