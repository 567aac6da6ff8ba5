using Grpc.Core;
using Quiver.Protocol.V1;
using Quiver.Server.Workers;

namespace Quiver.Server.Grpc;

/// <summary>
/// quiver.v1.Quiver on Grpc.AspNetCore: the generated service base, each call handed to <see cref="QuiverService"/>,
/// or, for a tenant with process isolation, relayed to its engine process (<see cref="WorkerRelay"/>).
/// </summary>
internal sealed class QuiverGrpcService : Protocol.V1.Quiver.QuiverBase
{
    private readonly QuiverService _service;
    private readonly WorkerRelay _relay;
    private readonly GrpcServerOptions _options;

    public QuiverGrpcService(QuiverService service, WorkerRelay relay, GrpcServerOptions options)
    {
        _service = service;
        _relay = relay;
        _options = options;
    }

    public override Task<OpenSessionResponse> OpenSession(OpenSessionRequest request, ServerCallContext context) =>
        new CallContext(context) is var call && _relay.IsolatedTenant(call) is { } tenant
            ? _relay.OpenSessionAsync(tenant, request, call)
            : _service.OpenSessionAsync(request, call);

    public override Task<CloseSessionResponse> CloseSession(CloseSessionRequest request, ServerCallContext context) =>
        Isolated(context, out var call) ? _relay.CloseSessionAsync(request, call) : _service.CloseSessionAsync(request, call);

    public override Task<PingResponse> Ping(PingRequest request, ServerCallContext context) =>
        Isolated(context, out var call) && request.Session is not null ? _relay.PingAsync(request, call) : _service.PingAsync(request, call);

    public override Task<DescribeResponse> Describe(DescribeRequest request, ServerCallContext context) =>
        Isolated(context, out var call) ? _relay.DescribeAsync(request, call) : _service.DescribeAsync(request, call);

    public override async Task<IngestResponse> Ingest(IAsyncStreamReader<IngestRequest> requestStream, ServerCallContext context)
    {
        if (!Isolated(context, out var call))
        {
            return await _service.IngestAsync(requestStream, call);
        }

        if (!await requestStream.MoveNext(call.CancellationToken))
        {
            throw Failures.InvalidRequest("Ingest sent no message; the first names the session, the operation and the target.");
        }

        return await _relay.IngestAsync(requestStream.Current, requestStream, call);
    }

    public override Task<CancelResponse> Cancel(CancelRequest request, ServerCallContext context) =>
        Isolated(context, out var call) ? _relay.CancelAsync(request, call) : _service.CancelAsync(request, call);

    public override Task<ResetSessionResponse> ResetSession(ResetSessionRequest request, ServerCallContext context) =>
        Isolated(context, out var call) ? _relay.ResetSessionAsync(request, call) : _service.ResetSessionAsync(request, call);

    public override Task Execute(ExecuteRequest request, IServerStreamWriter<ExecuteEvent> responseStream, ServerCallContext context) =>
        Stream(responseStream, context, (call, responses) => _relay.IsolatedTenant(call) is not null
            ? _relay.ExecuteAsync(request, responses, call)
            : _service.ExecuteAsync(request, responses, call));

    public override Task GetMetadata(MetadataRequest request, IServerStreamWriter<ExecuteEvent> responseStream, ServerCallContext context) =>
        Stream(responseStream, context, (call, responses) => _relay.IsolatedTenant(call) is not null
            ? _relay.GetMetadataAsync(request, responses, call)
            : _service.GetMetadataAsync(request, responses, call));

    public override Task Reattach(ReattachRequest request, IServerStreamWriter<ExecuteEvent> responseStream, ServerCallContext context) =>
        Stream(responseStream, context, (call, responses) => _relay.IsolatedTenant(call) is not null
            ? _relay.ReattachAsync(request, responses, call)
            : _service.ReattachAsync(request, responses, call));

    public override Task<ReleaseResponse> Release(ReleaseRequest request, ServerCallContext context) =>
        Isolated(context, out var call) ? _relay.ReleaseAsync(request, call) : _service.ReleaseAsync(request, call);

    private bool Isolated(ServerCallContext context, out CallContext call)
    {
        call = new CallContext(context);
        return _relay.IsolatedTenant(call) is not null;
    }

    private async Task Stream(
        IServerStreamWriter<ExecuteEvent> writer, ServerCallContext context, Func<CallContext, GrpcResponseStream<ExecuteEvent>, Task> handler)
    {
        var call = new CallContext(context);
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
