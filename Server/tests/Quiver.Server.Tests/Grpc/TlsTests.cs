using Grpc.Core;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Quiver.GrpcPeers;
using Quiver.GrpcPeers.Shapes;
using Quiver.Protocol.Grpc;

namespace Quiver.Server.Tests.Grpc;

/// <summary>gRPC over TLS (HTTP/2 negotiated by ALPN) with a certificate made for the test.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private X509Certificate2 _certificate = null!;
    private TransportHost _host = null!;

    public async Task InitializeAsync()
    {
        _certificate = SelfSigned();
        _host = await TransportHost.StartAsync(certificate: _certificate);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _certificate.Dispose();
    }

    [Fact]
    public async Task Grpc_js_calls_over_tls_trusting_only_the_servers_certificate()
    {
        var result = await GrpcJsClient.CallAsync(_host.Address, new
        {
            service = ShapesMethods.Service, method = "Download", request = new { count = 3, size = 1000 },
            rootCertPem = _certificate.ExportCertificatePem(),
        });

        Assert.Equal(0, result.StatusCode);
        Assert.Equal(3, result.Messages.Count);
    }

    [Fact]
    public async Task Quiver_client_calls_over_tls_with_certificate_validation()
    {
        using var channel = QuiverChannel.Create(_host.Uri, new QuiverChannelOptions { Ssl = TrustOnly(_certificate) });

        var reply = await channel.UnaryAsync(ShapesMethods.Echo, new EchoRequest { Text = "over tls" });

        Assert.Equal("over tls", reply.Text);
    }

    [Fact]
    public async Task Quiver_client_refuses_a_certificate_it_does_not_trust()
    {
        using var other = SelfSigned();
        using var channel = QuiverChannel.Create(_host.Uri, new QuiverChannelOptions { Ssl = TrustOnly(other) });

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(ShapesMethods.Echo, new EchoRequest()));

        // Grpc.Net.Client reports a failed TLS handshake as INTERNAL; the cause is in the debug exception.
        Assert.NotEqual(StatusCode.OK, error.StatusCode);
        Assert.IsType<HttpRequestException>(error.Status.DebugException);
        Assert.IsType<System.Security.Authentication.AuthenticationException>(error.Status.DebugException.InnerException);
    }

    private static SslClientAuthenticationOptions TrustOnly(X509Certificate2 trusted) => new()
    {
        RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString(),
    };

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, false, 0, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the private key in a form the platform's TLS stack can use.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
