using System.Net.Security;

namespace Quiver.Protocol.Grpc.Client;

/// <summary>Settings of a <see cref="GrpcChannel"/>.</summary>
public sealed record GrpcChannelOptions
{
    /// <summary>Largest response message accepted (after decompression); larger ones are RESOURCE_EXHAUSTED. 4 MiB, as in gRPC.</summary>
    public int MaxReceiveMessageBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// HTTP/2 flow-control window of each call: how many response bytes the server may send ahead of the reader, and
    /// so the most a call buffers. 4 MiB, one largest message: a smaller window makes large messages stop and go.
    /// </summary>
    public int StreamReceiveWindowBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>gzip-compress request messages.</summary>
    public bool CompressRequests { get; init; }

    /// <summary>How long to wait for a TCP (and TLS) connection.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Idle time after which an HTTP/2 PING checks that the connection is alive; infinite turns pings off.</summary>
    public TimeSpan KeepAlivePingDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a keep-alive PING may go unanswered before the connection is dropped.</summary>
    public TimeSpan KeepAlivePingTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>TLS settings for https addresses (certificate validation, client certificates).</summary>
    public SslClientAuthenticationOptions? Ssl { get; init; }

    /// <summary>Sent as user-agent.</summary>
    public string UserAgent { get; init; } = "quiver-dotnet";
}
