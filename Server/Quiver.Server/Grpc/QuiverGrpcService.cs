using Grpc.Core;
using Quiver.Protocol.V1;

namespace Quiver.Server.Grpc;

/// <summary>quiver.v1.Quiver on Grpc.AspNetCore: the generated service base, each call handed to <see cref="QuiverService"/>.</summary>
internal sealed class QuiverGrpcService : Protocol.V1.Quiver.QuiverBase
{
    private readonly QuiverService _service;
    private readonly GrpcServerOptions _options;

    public QuiverGrpcService(QuiverService service, GrpcServerOptions options)
    {
        _service = service;
        _options = options;
    }

    public override Task<OpenSessionResponse> OpenSession(OpenSessionRequest request, ServerCallContext context) =>
        _service.OpenSessionAsync(request, new GrpcCallContext(context));

    public override Task<CloseSessionResponse> CloseSession(CloseSessionRequest request, ServerCallContext context) =>
        _service.CloseSessionAsync(request, new GrpcCallContext(context));

    public override Task<PingResponse> Ping(PingRequest request, ServerCallContext context) =>
        _service.PingAsync(request, new GrpcCallContext(context));

    public override Task<DescribeResponse> Describe(DescribeRequest request, ServerCallContext context) =>
        _service.DescribeAsync(request, new GrpcCallContext(context));

    public override Task<IngestResponse> Ingest(IAsyncStreamReader<IngestRequest> requestStream, ServerCallContext context) =>
        _service.IngestAsync(requestStream, new GrpcCallContext(context));

    public override Task<CancelResponse> Cancel(CancelRequest request, ServerCallContext context) =>
        _service.CancelAsync(request, new GrpcCallContext(context));

    public override Task<ResetSessionResponse> ResetSession(ResetSessionRequest request, ServerCallContext context) =>
        _service.ResetSessionAsync(request, new GrpcCallContext(context));

    public override Task Execute(ExecuteRequest request, IServerStreamWriter<ExecuteEvent> responseStream, ServerCallContext context) =>
        Stream(responseStream, context, (call, responses) => _service.ExecuteAsync(request, responses, call));

    public override Task Reattach(ReattachRequest request, IServerStreamWriter<ExecuteEvent> responseStream, ServerCallContext context) =>
        Stream(responseStream, context, (call, responses) => _service.ReattachAsync(request, responses, call));

    public override Task<ReleaseResponse> Release(ReleaseRequest request, ServerCallContext context) =>
        _service.ReleaseAsync(request, new GrpcCallContext(context));

    public override Task GetMetadata(MetadataRequest request, IServerStreamWriter<ExecuteEvent> responseStream, ServerCallContext context) =>
        Stream(responseStream, context, (call, responses) => _service.GetMetadataAsync(request, responses, call));

    private async Task Stream(
        IServerStreamWriter<ExecuteEvent> writer, ServerCallContext context, Func<GrpcCallContext, GrpcResponseStream<ExecuteEvent>, Task> handler)
    {
        var call = new GrpcCallContext(context);
        using var responses = new GrpcResponseStream<ExecuteEvent>(writer, call, _options);
        try
        {
            await handler(call, responses);
        }
        catch (Exception error) when (responses.Stalled && error is not StreamStalledException)
        {
            // The reset reached the handler as a cancellation somewhere else first: it is still the stall.
            throw new StreamStalledException(_options.StreamStallTimeout, error);
        }
    }
}
