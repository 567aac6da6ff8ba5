using Google.Protobuf;
using Grpc.Core;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;
using Quiver.Server.Execution;
using Quiver.Server.Grpc;

namespace Quiver.Server.Workers;

/// <summary>
/// quiver.v1 calls of a tenant with process isolation, relayed to its engine process over the engine link: this server
/// authenticates the caller, checks that the session is the caller's, takes the operation slots, and passes requests
/// and events through with backpressure (one event read from the worker for each one the client takes). A worker that dies under a call
/// fails it with 57P01 naming the tenant.
/// </summary>
internal sealed class WorkerRelay(EngineWorkers workers, Func<string, string> tenantOf, Admission admission)
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(1);

    /// <summary>The caller's tenant when it runs in an engine process; null for an in-process tenant.</summary>
    public string? IsolatedTenant(CallContext call) => tenantOf(call.Principal ?? "") is var tenant && workers.IsIsolated(tenant) ? tenant : null;

    public async Task<OpenSessionResponse> OpenSessionAsync(string tenant, OpenSessionRequest request, CallContext call)
    {
        if (request.Tenant.Length > 0 && request.Tenant != tenant)
        {
            throw Failures.Status(StatusCode.PermissionDenied, Failures.Error("28000", ErrorClass.Permission, $"The token does not grant tenant '{request.Tenant}'."));
        }

        EngineWorker worker;
        try
        {
            worker = await workers.GetAsync(tenant, call.CancellationToken);
        }
        catch (Exception error) when (error is IOException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            throw Failures.Status(StatusCode.Unavailable, Failures.Error(
                "57P03", ErrorClass.Resource, $"The engine process of tenant '{tenant}' could not be started: {error.Message}", transient: true));
        }

        var forwarded = request.Clone();
        forwarded.Tenant = "";
        var opened = await RelayAsync(worker, () => worker.Link.CallAsync(LinkMethod.OpenSession, forwarded, OpenSessionResponse.Parser, call.CancellationToken));
        opened.Tenant = tenant;
        workers.SessionOpened(opened.Session, call.Principal ?? "", tenant, worker, call.ConnectionId);
        return opened;
    }

    public async Task<CloseSessionResponse> CloseSessionAsync(CloseSessionRequest request, CallContext call)
    {
        var session = Resolve(request.Session, call);
        var closed = await RelayAsync(session.Worker, () => session.Worker.Link.CallAsync(LinkMethod.CloseSession, request, CloseSessionResponse.Parser, call.CancellationToken));
        workers.SessionClosed(session.Id);
        return closed;
    }

    public async Task<PingResponse> PingAsync(PingRequest request, CallContext call)
    {
        RemoteSession session;
        try
        {
            session = Resolve(request.Session, call);
        }
        catch (RpcException)
        {
            // Not the caller's, lost or unknown: a ping never fails for that, it says so.
            return new PingResponse { SessionState = SessionState.Unknown };
        }

        return await RelayAsync(session.Worker, () => session.Worker.Link.CallAsync(LinkMethod.Ping, request, PingResponse.Parser, call.CancellationToken));
    }

    public Task<DescribeResponse> DescribeAsync(DescribeRequest request, CallContext call) =>
        Unary(request.Session, call, LinkMethod.Describe, request, DescribeResponse.Parser);

    public Task<CancelResponse> CancelAsync(CancelRequest request, CallContext call) =>
        Unary(request.Session, call, LinkMethod.Cancel, request, CancelResponse.Parser);

    public Task<ResetSessionResponse> ResetSessionAsync(ResetSessionRequest request, CallContext call) =>
        Unary(request.Session, call, LinkMethod.ResetSession, request, ResetSessionResponse.Parser);

    public Task<ReleaseResponse> ReleaseAsync(ReleaseRequest request, CallContext call) =>
        Unary(request.Session, call, LinkMethod.Release, request, ReleaseResponse.Parser);

    public Task ExecuteAsync(ExecuteRequest request, IResponseSink<ExecuteEvent> responses, CallContext call) =>
        StreamAsync(request.Session, call, responses, admit: true, LinkMethod.Execute, request);

    public Task GetMetadataAsync(MetadataRequest request, IResponseSink<ExecuteEvent> responses, CallContext call) =>
        StreamAsync(request.Session, call, responses, admit: true, LinkMethod.GetMetadata, request);

    public Task ReattachAsync(ReattachRequest request, IResponseSink<ExecuteEvent> responses, CallContext call) =>
        StreamAsync(request.Session, call, responses, admit: false, LinkMethod.Reattach, request);

    public async Task<IngestResponse> IngestAsync(IngestRequest first, IAsyncStreamReader<IngestRequest> rest, CallContext call)
    {
        var session = Resolve(first.Session, call);
        using var slot = await admission.EnterAsync(call.Principal ?? "", call.CancellationToken);
        return await RelayAsync(session.Worker, () => session.Worker.Link.IngestAsync(first, rest, call.CancellationToken));
    }

    private RemoteSession Resolve(SessionRef? reference, CallContext call) => workers.Resolve(reference, call.Principal ?? "", call.ConnectionId);

    private async Task<T> Unary<T>(SessionRef? reference, CallContext call, LinkMethod method, IMessage request, MessageParser<T> parser)
        where T : IMessage<T>
    {
        var session = Resolve(reference, call);
        return await RelayAsync(session.Worker, () => session.Worker.Link.CallAsync(method, request, parser, call.CancellationToken));
    }

    private async Task StreamAsync(SessionRef? reference, CallContext call, IResponseSink<ExecuteEvent> responses, bool admit, LinkMethod method, IMessage request)
    {
        var session = Resolve(reference, call);
        var worker = session.Worker;
        using var slot = admit ? await admission.EnterAsync(call.Principal ?? "", call.CancellationToken) : null;
        await using var events = await RelayAsync(worker, () => worker.Link.StreamAsync(method, request, call.CancellationToken));
        // While the engine works: the client knows its call is under way (a failure then comes in the trailers).
        await responses.StartAsync();
        while (await RelayAsync(worker, () => events.MoveNextAsync()))
        {
            var message = events.Current;
            await responses.WriteAsync(message);
            // Written out: the pooled buffer the batch arrived in can go back.
            PooledBatches.Return(message.Batch);
        }
    }

    // The worker's own answers (RpcExceptions, with Quiver's error) pass through; a worker gone under the call is 57P01.
    private static async Task<T> RelayAsync<T>(EngineWorker worker, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception failure) when (failure is IOException or InvalidDataException or ObjectDisposedException)
        {
            try
            {
                await worker.Exited.WaitAsync(ExitWait);
            }
            catch (TimeoutException)
            {
                throw Failures.Status(StatusCode.Unavailable, Failures.Error("08006", ErrorClass.Protocol,
                    $"The connection to the engine process of tenant '{worker.Tenant}' failed: {failure.Message}", transient: true));
            }

            throw EngineWorkers.Lost(worker.Tenant, worker);
        }
    }
}
