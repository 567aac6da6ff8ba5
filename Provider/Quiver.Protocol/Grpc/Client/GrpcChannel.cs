using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Quiver.Protocol.Grpc.Client;

/// <summary>
/// gRPC over HTTP/2 on <see cref="SocketsHttpHandler"/>: calls to one address multiplex over one connection (more are
/// opened when the server's stream limit is reached), with keep-alive pings, deadlines and cancellation that resets
/// the stream. Thread-safe; make one per address and share it.
/// </summary>
public sealed class GrpcChannel : IGrpcCallInvoker, IDisposable
{
    private static readonly MediaTypeHeaderValue GrpcContentType = new(GrpcHeaders.ContentType);

    private readonly HttpMessageInvoker _http;
    private readonly Uri _address;
    private readonly GrpcChannelOptions _options;

    /// <summary>A channel to <paramref name="address"/> (http://host:port for cleartext HTTP/2, https:// for TLS).</summary>
    public GrpcChannel(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"A gRPC address is http:// or https://, not '{address}'.", nameof(address));
        }

        _address = address;
        _options = options ?? new GrpcChannelOptions();
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            InitialHttp2StreamWindowSize = _options.StreamReceiveWindowBytes,
            ConnectTimeout = _options.ConnectTimeout,
            KeepAlivePingDelay = _options.KeepAlivePingDelay,
            KeepAlivePingTimeout = _options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            // The server ties sessions to the connection they are used on and closes them soon after it closes, so an
            // idle connection is kept open (the server's pings tell it the client is alive).
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        if (_options.Ssl is { } ssl)
        {
            handler.SslOptions = ssl;
        }

        _http = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <inheritdoc/>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, GrpcCallOptions options = default)
        where TRequest : IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        await using var call = await StartAsync(method, request, options);
        if (!await call.MoveNextAsync())
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, $"{method.Path} ended with status OK but no response message.");
        }

        var response = call.Current;
        if (await call.MoveNextAsync())
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, $"{method.Path} is unary but the server sent more than one message.");
        }

        return response;
    }

    /// <inheritdoc/>
    public async Task<IGrpcResponseStream<TResponse>> ServerStreamingAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, TRequest request, GrpcCallOptions options = default)
        where TRequest : IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
        => await StartAsync(method, request, options);

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private async Task<GrpcClientCall<TResponse>> StartAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, GrpcCallOptions options)
        where TRequest : IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_address, method.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new GrpcRequestContent(request, _options.CompressRequests) { Headers = { ContentType = GrpcContentType } },
        };
        var headers = message.Headers;
        headers.TryAddWithoutValidation("te", "trailers");
        headers.TryAddWithoutValidation("user-agent", _options.UserAgent);
        headers.TryAddWithoutValidation(GrpcHeaders.AcceptEncoding, GrpcCompression.Supported);
        if (_options.CompressRequests)
        {
            headers.TryAddWithoutValidation(GrpcHeaders.Encoding, GrpcCompression.Gzip);
        }

        foreach (var (name, value) in options.Headers ?? [])
        {
            headers.TryAddWithoutValidation(name, value);
        }

        var call = new GrpcClientCall<TResponse>(method.Path, method.ResponseParser, _options.MaxReceiveMessageBytes, options);
        if (options.Deadline is { } deadline)
        {
            headers.TryAddWithoutValidation(GrpcHeaders.Timeout, GrpcTimeout.Format(deadline.ToUniversalTime() - DateTime.UtcNow));
        }

        await call.SendAsync(_http, message);
        return call;
    }
}
