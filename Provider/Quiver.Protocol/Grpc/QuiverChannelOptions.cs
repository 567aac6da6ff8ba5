using System.Net.Security;

namespace Quiver.Protocol.Grpc;

/// <summary>How <see cref="QuiverChannel"/> sets up a Grpc.Net.Client channel.</summary>
public sealed record QuiverChannelOptions
{
    /// <summary>Largest response message accepted (after decompression); larger ones are RESOURCE_EXHAUSTED. 4 MiB, as in gRPC.</summary>
    public int MaxReceiveMessageBytes { get; init; } = 4 * 1024 * 1024;

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
}
