using Grpc.Core;
using Quiver.Protocol.Grpc;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Quiver.GrpcPeers;
using Quiver.Protocol;

namespace Quiver.Conformance.Tests;

/// <summary>The server started with --tls-cert/--tls-key speaks gRPC over TLS only.</summary>
public sealed class TlsServerTests
{
    [Fact]
    public async Task With_a_PEM_certificate_and_key_the_server_serves_TLS_to_grpc_js_and_Quivers_client()
    {
        var folder = Directory.CreateTempSubdirectory("quiver-tls-").FullName;
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var certFile = Path.Combine(folder, "server.crt");
            var keyFile = Path.Combine(folder, "server.key");
            await File.WriteAllTextAsync(certFile, certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());

            await using var server = await ServerProcess.StartAsync(null, false, "--tls-cert", certFile, "--tls-key", keyFile);
            var js = await GrpcJsClient.CallAsync(server.HostAndPort, new
            {
                service = QuiverMethods.Service, method = "OpenSession", request = new { }, metadata = server.AuthorizationMetadata,
                rootCertPem = certificate.ExportCertificatePem(),
            });
            using var channel = QuiverChannel.Create(server.Address, new QuiverChannelOptions
            {
                Ssl = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString(),
                },
            });
            await using var session = await TestSession.OpenAsync(server, channel: channel);

            Assert.Equal("https", server.Address.Scheme);
            Assert.True(js.StatusCode == 0, js.Raw);
            Assert.Equal(1, await session.ScalarAsync("SELECT 1"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_key_file_stops_the_server_with_a_clear_message()
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync("--data", ":memory:", "--tls-cert", "/no/such/cert.pem", "--tls-key", "/no/such/key.pem");

        Assert.Equal(2, exitCode);
        Assert.Contains("Could not load the TLS certificate '/no/such/cert.pem'", output, StringComparison.Ordinal);
    }
}
