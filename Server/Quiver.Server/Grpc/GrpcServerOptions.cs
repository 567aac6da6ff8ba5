namespace Quiver.Server.Grpc;

/// <summary>Limits and choices of the gRPC layer.</summary>
internal sealed record GrpcServerOptions
{
    /// <summary>Default for both message limits: the 4 MiB real gRPC clients accept by default.</summary>
    public const int DefaultMaxMessageBytes = 4 * 1024 * 1024;

    /// <summary>Largest request message accepted (after decompression); larger ones get RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageBytes { get; init; } = DefaultMaxMessageBytes;

    /// <summary>Largest response message sent; a handler that produces a larger one fails with RESOURCE_EXHAUSTED.</summary>
    public int MaxSendMessageBytes { get; init; } = DefaultMaxMessageBytes;

    /// <summary>gzip-compress responses to clients that accept gzip.</summary>
    public bool CompressResponses { get; init; }

    /// <summary>
    /// How long one response write may wait for the client to take data (HTTP/2 flow control) before the stream is
    /// reset; <see cref="TimeSpan.Zero"/>: forever. A client that stops reading would otherwise hold its operation.
    /// </summary>
    public TimeSpan StreamStallTimeout { get; init; }

    /// <summary>Serve grpc.reflection (service discovery for grpcurl and similar tools) to authenticated callers.</summary>
    public bool Reflection { get; init; }
}
