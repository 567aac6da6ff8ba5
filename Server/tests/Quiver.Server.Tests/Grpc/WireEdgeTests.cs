using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Quiver.GrpcPeers;
using Quiver.GrpcPeers.Shapes;
using Quiver.Server.Grpc;

namespace Quiver.Server.Tests.Grpc;

/// <summary>
/// What the server's gRPC layer does with requests no well-behaved client library would send, written byte by byte
/// over a plain HTTP/2 client.
/// </summary>
public sealed class WireEdgeTests : IAsyncLifetime
{
    private TransportHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await TransportHost.StartAsync();
        _http = new HttpClient
        {
            BaseAddress = _host.Uri,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Server_enforces_grpc_timeout_itself()
    {
        var (status, _) = await SendAsync(ShapesMethods.Hang.FullName, Frame(new HangRequest { Tag = "server-deadline" }), ("grpc-timeout", "200m"));

        Assert.Equal("4", status);
        Assert.True(await _host.Shapes.HangObserved("server-deadline").WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task A_content_type_other_than_grpc_is_HTTP_415()
    {
        using var request = Request(ShapesMethods.Echo.FullName, Frame(new EchoRequest()));
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Two_messages_on_a_unary_call_are_INTERNAL()
    {
        var (status, message) = await SendAsync(ShapesMethods.Echo.FullName, [.. Frame(new EchoRequest()), .. Frame(new EchoRequest())]);

        Assert.Equal("13", status);
        Assert.Contains("Additional data", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_message_is_INTERNAL()
    {
        var frame = Frame(new EchoRequest { Text = "cut short" });
        var (status, message) = await SendAsync(ShapesMethods.Echo.FullName, frame[..^3]);

        Assert.Equal("13", status);
        Assert.Contains("Incomplete message", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_request_body_is_INTERNAL()
    {
        var (status, message) = await SendAsync(ShapesMethods.Echo.FullName, []);

        Assert.Equal("13", status);
        Assert.Contains("Incomplete message", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_that_are_not_the_request_message_are_UNKNOWN_without_details()
    {
        // Grpc.AspNetCore parses the request before any interceptor runs and answers UNKNOWN (docs/protocol.md).
        byte[] garbage = [0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF];
        var (status, message) = await SendAsync(ShapesMethods.Echo.FullName, garbage);

        Assert.Equal("2", status);
        Assert.Equal("Exception was thrown by handler.", message);
    }

    [Fact]
    public async Task A_compressed_flag_without_an_encoding_is_INTERNAL()
    {
        var frame = Frame(new EchoRequest { Text = "x" });
        frame[0] = 1;
        var (status, _) = await SendAsync(ShapesMethods.Echo.FullName, frame);

        Assert.Equal("13", status);
    }

    [Fact]
    public async Task Gzip_that_expands_past_the_limit_is_RESOURCE_EXHAUSTED()
    {
        var frame = GzipFrame(new EchoRequest { Payload = ByteString.CopyFrom(new byte[8 * 1024 * 1024]) });
        var (status, message) = await SendAsync(ShapesMethods.Echo.FullName, frame, ("grpc-encoding", "gzip"));

        Assert.True(frame.Length < GrpcServerOptions.DefaultMaxMessageBytes, $"the compressed message must be under the limit, got {frame.Length} bytes");
        Assert.Equal("8", status);
        Assert.Contains("exceeds the maximum", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsupported_encoding_is_UNIMPLEMENTED_and_names_the_supported_ones()
    {
        // The encoding matters only for a message flagged compressed.
        var frame = Frame(new EchoRequest { Text = "x" });
        frame[0] = 1;
        var (status, message) = await SendAsync(ShapesMethods.Echo.FullName, frame, ("grpc-encoding", "br"));

        Assert.Equal("12", status);
        Assert.Contains("gzip", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_timeout_is_ignored()
    {
        // Grpc.AspNetCore's choice (docs/protocol.md): the call runs without a deadline.
        var (status, _) = await SendAsync(ShapesMethods.Echo.FullName, Frame(new EchoRequest()), ("grpc-timeout", "soon"));

        Assert.Equal("0", status);
    }

    [Fact]
    public async Task An_unhandled_exception_is_INTERNAL_without_its_details()
    {
        var (status, message) = await SendAsync(ShapesMethods.Fail.FullName, Frame(new FailRequest { Crash = true }));

        Assert.Equal("13", status);
        Assert.Equal("Exception was thrown by handler.", message);
    }

    [Fact]
    public async Task An_error_before_any_message_is_trailers_only()
    {
        using var request = Request(ShapesMethods.Fail.FullName, Frame(new FailRequest { Code = 7, Message = "no" }));
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("7", Header(response.Headers, "grpc-status"));
        Assert.Empty(body);
        Assert.Empty(response.TrailingHeaders);
    }

    [Fact]
    public async Task Responses_are_gzip_compressed_only_for_clients_that_accept_gzip()
    {
        await using var host = await TransportHost.StartAsync(new GrpcServerOptions { CompressResponses = true });
        using var http = new HttpClient { BaseAddress = host.Uri };
        var echo = Frame(new EchoRequest { Text = new string('a', 10_000) });

        using var plain = await http.SendAsync(Request(ShapesMethods.Echo.FullName, echo));
        var plainBody = await plain.Content.ReadAsByteArrayAsync();
        using var zipped = await http.SendAsync(Request(ShapesMethods.Echo.FullName, echo, ("grpc-accept-encoding", "identity,gzip")));
        var zippedBody = await zipped.Content.ReadAsByteArrayAsync();

        Assert.Equal(0, plainBody[0]);
        Assert.Null(Header(plain.Headers, "grpc-encoding"));
        Assert.Equal(1, zippedBody[0]);
        Assert.Equal("gzip", Header(zipped.Headers, "grpc-encoding"));
        Assert.True(zippedBody.Length < plainBody.Length / 10, $"{zippedBody.Length} compressed bytes vs {plainBody.Length}");
    }

    private async Task<(string? Status, string Message)> SendAsync(string path, byte[] body, params (string Name, string Value)[] headers)
    {
        using var request = Request(path, body, headers);
        using var response = await _http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
        var message = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message") ?? "";
        return (status, Uri.UnescapeDataString(message));
    }

    private static HttpRequestMessage Request(string path, byte[] body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    // The gRPC length-prefixed message: a compressed flag, a big-endian 32-bit length, the bytes.
    private static byte[] Frame(IMessage message) => Frame(message.ToByteArray(), compressed: false);

    private static byte[] GzipFrame(IMessage message)
    {
        using var zipped = new MemoryStream();
        using (var gzip = new GZipStream(zipped, CompressionLevel.Fastest))
        {
            message.WriteTo(gzip);
        }

        return Frame(zipped.ToArray(), compressed: true);
    }

    private static byte[] Frame(byte[] bytes, bool compressed)
    {
        var frame = new byte[5 + bytes.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), bytes.Length);
        bytes.CopyTo(frame, 5);
        return frame;
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;
}
