using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quiver.Server.Grpc;

namespace Quiver.Server.Tests.Grpc;

/// <summary>The server's gRPC hosting (Kestrel on a free loopback port, Grpc.AspNetCore as the server sets it up), serving <see cref="ShapesService"/>.</summary>
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
        var shapes = new ShapesService();
        builder.Services.AddQuiverGrpc(options ?? new GrpcServerOptions());
        builder.Services.AddSingleton(shapes);
        var app = builder.Build();
        app.MapQuiverGrpc<ShapesService>(authenticate: null);
        await app.StartAsync();
        return new TransportHost(app, shapes, $"127.0.0.1:{app.BoundAddress().Port}") { Tls = certificate is not null };
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
