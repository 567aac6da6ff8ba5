using Grpc.Core;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Protocol;

/// <summary>
/// Typed calls of <c>quiver.v1.Quiver</c> over a gRPC <see cref="CallInvoker"/> (usually a channel from
/// <see cref="QuiverChannel"/>). A non-OK status throws <see cref="RpcException"/> (<see cref="ErrorTrailer.Read"/>
/// gives the structured error); the caller's own cancellation throws <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class QuiverClient
{
    private readonly CallInvoker _invoker;
    private readonly V1.Quiver.QuiverClient _stub;

    /// <summary>A client over <paramref name="invoker"/>.</summary>
    public QuiverClient(CallInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        _invoker = invoker;
        _stub = new V1.Quiver.QuiverClient(invoker);
    }

    /// <summary>A client over <paramref name="channel"/>.</summary>
    public QuiverClient(ChannelBase channel)
        : this((channel ?? throw new ArgumentNullException(nameof(channel))).CreateCallInvoker())
    {
    }

    /// <summary>Opens a session.</summary>
    public Task<OpenSessionResponse> OpenSessionAsync(OpenSessionRequest request, GrpcCallOptions options = default) =>
        GrpcCalls.UnaryAsync(_stub.OpenSessionAsync(request, options.ToCallOptions()), options.CancellationToken, options.Deadline);

    /// <summary>Closes a session.</summary>
    public Task<CloseSessionResponse> CloseSessionAsync(CloseSessionRequest request, GrpcCallOptions options = default) =>
        GrpcCalls.UnaryAsync(_stub.CloseSessionAsync(request, options.ToCallOptions()), options.CancellationToken, options.Deadline);

    /// <summary>Checks the server and, optionally, a session; creates nothing.</summary>
    public Task<PingResponse> PingAsync(PingRequest request, GrpcCallOptions options = default) =>
        GrpcCalls.UnaryAsync(_stub.PingAsync(request, options.ToCallOptions()), options.CancellationToken, options.Deadline);

    /// <summary>
    /// Runs statements; returns once the server has accepted the call, and the events arrive as the server produces
    /// them. A batch's payload is a pooled buffer: hand the batch to <see cref="PooledBatches.Return"/> when done with it.
    /// </summary>
    public Task<IGrpcResponseStream<ExecuteEvent>> ExecuteAsync(ExecuteRequest request, GrpcCallOptions options = default) =>
        ServerStream<ExecuteEvent>.StartAsync(_invoker.AsyncServerStreamingCall(QuiverMethods.Execute, null, options.ToCallOptions(), request), options.CancellationToken, options.Deadline);

    /// <summary>
    /// Continues an operation's events after a sequence number (CAPABILITY_REATTACH); batches pooled as for
    /// <see cref="ExecuteAsync"/>.
    /// </summary>
    public Task<IGrpcResponseStream<ExecuteEvent>> ReattachAsync(ReattachRequest request, GrpcCallOptions options = default) =>
        ServerStream<ExecuteEvent>.StartAsync(_invoker.AsyncServerStreamingCall(QuiverMethods.Reattach, null, options.ToCallOptions(), request), options.CancellationToken, options.Deadline);

    /// <summary>Tells the server which of an operation's events the client holds, or that it wants none more (CAPABILITY_RELEASE).</summary>
    public Task<ReleaseResponse> ReleaseAsync(ReleaseRequest request, GrpcCallOptions options = default) =>
        GrpcCalls.UnaryAsync(_stub.ReleaseAsync(request, options.ToCallOptions()), options.CancellationToken, options.Deadline);

    /// <summary>Describes a statement without running it.</summary>
    public Task<DescribeResponse> DescribeAsync(DescribeRequest request, GrpcCallOptions options = default) =>
        GrpcCalls.UnaryAsync(_stub.DescribeAsync(request, options.ToCallOptions()), options.CancellationToken, options.Deadline);

    /// <summary>Cancels an operation, or all of a session's.</summary>
    public Task<CancelResponse> CancelAsync(CancelRequest request, GrpcCallOptions options = default) =>
        GrpcCalls.UnaryAsync(_stub.CancelAsync(request, options.ToCallOptions()), options.CancellationToken, options.Deadline);

    /// <summary>Catalog metadata as Arrow results (batches pooled as for <see cref="ExecuteAsync"/>).</summary>
    public Task<IGrpcResponseStream<ExecuteEvent>> GetMetadataAsync(MetadataRequest request, GrpcCallOptions options = default) =>
        ServerStream<ExecuteEvent>.StartAsync(_invoker.AsyncServerStreamingCall(QuiverMethods.GetMetadata, null, options.ToCallOptions(), request), options.CancellationToken, options.Deadline);

    /// <summary>
    /// Bulk ingest: sends <paramref name="first"/> (session, operation id, target), then one message per Arrow IPC stream
    /// of <paramref name="streams"/> (enumerated as they are sent), and returns the server's count of rows appended. A
    /// server that ends the call early (the table exists, bad data) fails it with its status and error.
    /// </summary>
    public async Task<IngestResponse> IngestAsync(IngestRequest first, IEnumerable<Google.Protobuf.ByteString> streams, GrpcCallOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(streams);
        using var call = _stub.Ingest(options.ToCallOptions());
        try
        {
            await call.RequestStream.WriteAsync(first).ConfigureAwait(false);
            foreach (var stream in streams)
            {
                await call.RequestStream.WriteAsync(new IngestRequest { ArrowStream = stream }).ConfigureAwait(false);
            }

            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // The server ended the call before taking everything: its answer says why.
        }

        try
        {
            return await GrpcCalls.OffCallbackAsync(call.ResponseAsync).ConfigureAwait(false);
        }
        catch (RpcException failure) when (GrpcCalls.IsCallerCancellation(failure, options.CancellationToken))
        {
            throw GrpcCalls.Cancelled(failure, options.CancellationToken);
        }
        catch (RpcException failure) when (GrpcCalls.PastDeadline(failure, options.Deadline))
        {
            throw GrpcCalls.DeadlineExceeded(failure);
        }
    }

    /// <summary>Returns a session to its just-opened state.</summary>
    public Task<ResetSessionResponse> ResetSessionAsync(ResetSessionRequest request, GrpcCallOptions options = default) =>
        GrpcCalls.UnaryAsync(_stub.ResetSessionAsync(request, options.ToCallOptions()), options.CancellationToken, options.Deadline);
}
