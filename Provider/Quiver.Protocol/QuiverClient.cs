using Quiver.Protocol.Grpc;
using Quiver.Protocol.Grpc.Client;
using Quiver.Protocol.V1;

namespace Quiver.Protocol;

/// <summary>Typed calls of <c>quiver.v1.Quiver</c> over any <see cref="IGrpcCallInvoker"/>.</summary>
public sealed class QuiverClient
{
    private readonly IGrpcCallInvoker _invoker;

    /// <summary>A client over <paramref name="invoker"/> (usually a <see cref="GrpcChannel"/>).</summary>
    public QuiverClient(IGrpcCallInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        _invoker = invoker;
    }

    /// <summary>Opens a session.</summary>
    public Task<OpenSessionResponse> OpenSessionAsync(OpenSessionRequest request, GrpcCallOptions options = default) =>
        _invoker.UnaryAsync(QuiverMethods.OpenSession, request, options);

    /// <summary>Closes a session.</summary>
    public Task<CloseSessionResponse> CloseSessionAsync(CloseSessionRequest request, GrpcCallOptions options = default) =>
        _invoker.UnaryAsync(QuiverMethods.CloseSession, request, options);

    /// <summary>Checks the server and, optionally, a session; creates nothing.</summary>
    public Task<PingResponse> PingAsync(PingRequest request, GrpcCallOptions options = default) =>
        _invoker.UnaryAsync(QuiverMethods.Ping, request, options);

    /// <summary>Runs statements; the events arrive as the server produces them.</summary>
    public Task<IGrpcResponseStream<ExecuteEvent>> ExecuteAsync(ExecuteRequest request, GrpcCallOptions options = default) =>
        _invoker.ServerStreamingAsync(QuiverMethods.Execute, request, options);

    /// <summary>Describes a statement without running it.</summary>
    public Task<DescribeResponse> DescribeAsync(DescribeRequest request, GrpcCallOptions options = default) =>
        _invoker.UnaryAsync(QuiverMethods.Describe, request, options);

    /// <summary>Cancels an operation, or all of a session's.</summary>
    public Task<CancelResponse> CancelAsync(CancelRequest request, GrpcCallOptions options = default) =>
        _invoker.UnaryAsync(QuiverMethods.Cancel, request, options);

    /// <summary>Catalog metadata as Arrow results.</summary>
    public Task<IGrpcResponseStream<ExecuteEvent>> GetMetadataAsync(MetadataRequest request, GrpcCallOptions options = default) =>
        _invoker.ServerStreamingAsync(QuiverMethods.GetMetadata, request, options);

    /// <summary>Returns a session to its just-opened state.</summary>
    public Task<ResetSessionResponse> ResetSessionAsync(ResetSessionRequest request, GrpcCallOptions options = default) =>
        _invoker.UnaryAsync(QuiverMethods.ResetSession, request, options);
}
