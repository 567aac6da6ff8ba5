using Google.Protobuf;

namespace Quiver.Protocol.Grpc.Client;

/// <summary>
/// The seam between Quiver's client code and a gRPC implementation: <see cref="GrpcChannel"/> is Quiver's own;
/// an adapter over Grpc.Net.Client can take its place where a registry serves it.
/// </summary>
public interface IGrpcCallInvoker
{
    /// <summary>One request, one response. A non-OK status throws <see cref="GrpcStatusException"/>.</summary>
    Task<TResponse> UnaryAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, GrpcCallOptions options = default)
        where TRequest : IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;

    /// <summary>
    /// Starts a server-streaming call and returns once the response headers arrive (a call rejected outright throws
    /// here). Disposing the stream before its end cancels the call on the server.
    /// </summary>
    Task<IGrpcResponseStream<TResponse>> ServerStreamingAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, TRequest request, GrpcCallOptions options = default)
        where TRequest : IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>;
}

/// <summary>The responses of a server-streaming call, read one at a time.</summary>
public interface IGrpcResponseStream<out TResponse> : IAsyncDisposable
{
    /// <summary>The message the last successful <see cref="MoveNextAsync"/> read.</summary>
    TResponse Current { get; }

    /// <summary>Reads the next message; false at a clean end (status OK). A non-OK status throws <see cref="GrpcStatusException"/>.</summary>
    ValueTask<bool> MoveNextAsync();
}

/// <summary>Per-call settings.</summary>
public readonly record struct GrpcCallOptions
{
    /// <summary>When the call must be over (sent as grpc-timeout, enforced here too); DEADLINE_EXCEEDED after it.</summary>
    public DateTime? Deadline { get; init; }

    /// <summary>Cancels the call (the HTTP/2 stream is reset); the caller gets <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Request metadata (for example <c>authorization</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }
}
