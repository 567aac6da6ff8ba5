using Grpc.Core;

namespace Quiver.Protocol.Grpc;

/// <summary>Per-call settings of a <see cref="QuiverClient"/> call.</summary>
public readonly record struct GrpcCallOptions
{
    /// <summary>When the call must be over (sent as grpc-timeout, enforced by the client too); DEADLINE_EXCEEDED after it.</summary>
    public DateTime? Deadline { get; init; }

    /// <summary>Cancels the call (the HTTP/2 stream is reset); the caller gets <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Request metadata (for example <c>authorization</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }

    /// <summary>gzip-compress the request message.</summary>
    public bool CompressRequest { get; init; }

    /// <summary>The same settings as Grpc.Core call options.</summary>
    public CallOptions ToCallOptions()
    {
        Metadata? headers = null;
        if (Headers is { Count: > 0 } || CompressRequest)
        {
            headers = [];
            foreach (var (name, value) in Headers ?? [])
            {
                headers.Add(name, value);
            }

            if (CompressRequest)
            {
                headers.Add(QuiverChannel.CompressRequestHeader, "gzip");
            }
        }

        return new CallOptions(headers, Deadline?.ToUniversalTime(), CancellationToken);
    }
}
