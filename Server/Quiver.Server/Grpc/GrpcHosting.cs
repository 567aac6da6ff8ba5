using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Quiver.Server.Grpc;

/// <summary>Kestrel and Grpc.AspNetCore set up for Quiver, the one way the server, its tests and the benchmark host gRPC.</summary>
internal static class GrpcHosting
{
    /// <summary>
    /// Listens on <paramref name="endPoint"/> for HTTP/2 only (on cleartext connections Http1AndHttp2 makes h2c
    /// prior-knowledge gRPC clients fail); with a certificate, over TLS with HTTP/2 negotiated by ALPN.
    /// </summary>
    /// <param name="kestrel">Kestrel's options.</param>
    /// <param name="endPoint">Where to listen.</param>
    /// <param name="certificate">The TLS certificate, or null for cleartext HTTP/2.</param>
    /// <param name="connectionClosed">Called with a client connection's id once it has closed (the id HttpContext.Connection.Id reports).</param>
    public static void ListenForGrpc(
        this KestrelServerOptions kestrel, IPEndPoint endPoint, X509Certificate2? certificate = null, Action<string>? connectionClosed = null) =>
        kestrel.Listen(endPoint, listen =>
        {
            Http2(listen, connectionClosed);
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        });

    /// <summary>Listens on the Unix domain socket <paramref name="path"/> (see <see cref="ClaimSocketPath"/>) for cleartext HTTP/2.</summary>
    public static void ListenForGrpcSocket(this KestrelServerOptions kestrel, string path, Action<string>? connectionClosed = null) =>
        kestrel.ListenUnixSocket(path, listen => Http2(listen, connectionClosed));

    private static void Http2(ListenOptions listen, Action<string>? connectionClosed)
    {
        listen.Protocols = HttpProtocols.Http2;
        if (connectionClosed is not null)
        {
            listen.Use(next => async connection =>
            {
                try
                {
                    await next(connection);
                }
                finally
                {
                    connectionClosed(connection.ConnectionId);
                }
            });
        }
    }

    /// <summary>
    /// Makes <paramref name="path"/> free to listen on: a file no server answers on (left by a server killed without
    /// its shutdown, which makes binding fail) is removed. IOException when a live server answers there.
    /// </summary>
    public static void ClaimSocketPath(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException refused) when (refused.SocketErrorCode == SocketError.ConnectionRefused)
        {
            File.Delete(path);
            return;
        }

        throw new IOException($"Another server is listening on {path}.");
    }

    /// <summary>Grpc.AspNetCore with Quiver's limits, compression and status mapping, plus the health service (and reflection when asked).</summary>
    public static IServiceCollection AddQuiverGrpc(this IServiceCollection services, GrpcServerOptions options)
    {
        services.AddSingleton(options);
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxReceiveMessageBytes;
            grpc.MaxSendMessageSize = options.MaxSendMessageBytes;
            grpc.EnableDetailedErrors = false;
            // Only to clients that announce gzip in grpc-accept-encoding; others get identity.
            grpc.ResponseCompressionAlgorithm = options.CompressResponses ? "gzip" : null;
            grpc.ResponseCompressionLevel = CompressionLevel.Fastest;
            grpc.Interceptors.Add<StatusInterceptor>();
        });
        // Evaluated on each Check (the default answers UNKNOWN until a background publisher fills its cache).
        services.AddGrpcHealthChecks(health => health.UseHealthChecksCache = false)
            .AddCheck<DrainingHealthCheck>("draining");
        if (options.Reflection)
        {
            services.AddGrpcReflection();
        }

        return services;
    }

    /// <summary>Authentication ahead of routing, then the gRPC endpoints of <typeparamref name="TService"/>, health (and reflection).</summary>
    public static void MapQuiverGrpc<TService>(this WebApplication app, Func<string?, string?>? authenticate)
        where TService : class
    {
        app.UseGrpcAuthentication(authenticate);
        app.UseRouting();
        app.MapGrpcService<TService>();
        app.MapGrpcService<Flight.FlightSqlService>();
        app.MapGrpcHealthChecksService();
        if (app.Services.GetRequiredService<GrpcServerOptions>().Reflection)
        {
            app.MapGrpcReflectionService();
        }
    }

    /// <summary>The address Kestrel actually bound for gRPC (port 0 resolved), once the app has started.</summary>
    public static Uri BoundAddress(this WebApplication app) => app.BoundAddresses()[0];

    /// <summary>Every address Kestrel bound, in the order the endpoints were added.</summary>
    public static Uri[] BoundAddresses(this WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToArray();
}
