using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Quiver.Server.Grpc;

/// <summary>Kestrel set up for gRPC, the one way the server, its tests and the benchmark host it.</summary>
internal static class GrpcHosting
{
    /// <summary>
    /// Listens on <paramref name="endPoint"/> for HTTP/2 only (on cleartext connections Http1AndHttp2 makes h2c
    /// prior-knowledge gRPC clients fail); with a certificate, over TLS with HTTP/2 negotiated by ALPN.
    /// </summary>
    public static void ListenForGrpc(this KestrelServerOptions kestrel, IPEndPoint endPoint, X509Certificate2? certificate = null) =>
        kestrel.Listen(endPoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        });

    /// <summary>The address Kestrel actually bound (port 0 resolved), once the app has started.</summary>
    public static Uri BoundAddress(this WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
