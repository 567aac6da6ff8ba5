using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;

namespace Quiver.Protocol.Grpc;

/// <summary>A Grpc.Net.Client channel set up the way Quiver's clients use it. Thread-safe; make one per address and share it.</summary>
public static class QuiverChannel
{
    /// <summary>Request metadata that makes Grpc.Net.Client gzip a call's request message.</summary>
    public const string CompressRequestHeader = "grpc-internal-encoding-request";

    /// <summary>A channel to <paramref name="address"/> (http://host:port for cleartext HTTP/2, https:// for TLS).</summary>
    public static GrpcChannel Create(Uri address, QuiverChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"A gRPC address is http:// or https://, not '{address}'.", nameof(address));
        }

        return ForHandler(address, Handler(options ??= new QuiverChannelOptions()), options);
    }

    /// <summary>
    /// A channel to a server listening on the Unix domain socket <paramref name="socketPath"/> (cleartext HTTP/2; the
    /// socket file's permissions decide who may connect).
    /// </summary>
    public static GrpcChannel CreateForUnixSocket(string socketPath, QuiverChannelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        var handler = Handler(options ??= new QuiverChannelOptions());
        var endPoint = new UnixDomainSocketEndPoint(socketPath);
        handler.ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

        // The authority is only a name here: every connection goes to the socket.
        return ForHandler(new Uri("http://localhost"), handler, options);
    }

    private static SocketsHttpHandler Handler(QuiverChannelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // Calls multiplex over one connection; more open when the server's stream limit is reached.
            EnableMultipleHttp2Connections = true,
            // The initial stream window is left to SocketsHttpHandler's dynamic sizing: measured, a fixed 4 MiB window
            // made 1 MiB messages 0.76-0.81x slower with Grpc.Net.Client (docs/protocol.md).
            ConnectTimeout = options.ConnectTimeout,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            // The server ties sessions to the connection they are used on and closes them soon after it closes, so an
            // idle connection is kept open (the server's pings tell it the client is alive).
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        if (options.Ssl is { } ssl)
        {
            handler.SslOptions = ssl;
        }

        return handler;
    }

    private static GrpcChannel ForHandler(Uri address, SocketsHttpHandler handler, QuiverChannelOptions options) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = options.MaxReceiveMessageBytes,
            MaxSendMessageSize = null,
            // Not ThrowOperationCanceledOnCancellation: it turns a passed deadline into OperationCanceledException too.
            // QuiverClient makes the caller's own cancellation an OperationCanceledException instead.
        });
}
