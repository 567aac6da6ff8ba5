using Grpc.Core;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;
using Quiver.Server.Execution;
using Quiver.Server.Grpc;

namespace Quiver.Server.Workers;

/// <summary>
/// quiver.v1 calls of a tenant with process isolation, relayed to its engine process: this server authenticates the
/// caller, checks that the session is the caller's, takes the operation slots, and passes requests and events through
/// with backpressure (one event read from the worker for each one the client takes). A worker that dies under a call
/// fails it with 57P01 naming the tenant.
/// </summary>
internal sealed class WorkerRelay(EngineWorkers workers, Func<string, string> tenantOf, Admission admission)
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(1);

    /// <summary>The caller's tenant when it runs in an engine process; null for an in-process tenant.</summary>
    public string? IsolatedTenant(GrpcCallContext call) => tenantOf(call.Principal ?? "") is var tenant && workers.IsIsolated(tenant) ? tenant : null;

    public async Task<OpenSessionResponse> OpenSessionAsync(string tenant, OpenSessionRequest request, GrpcCallContext call)
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
        var opened = await RelayAsync(worker, () => worker.Client.OpenSessionAsync(forwarded, worker.Options(call.CancellationToken)));
        opened.Tenant = tenant;
        workers.SessionOpened(opened.Session, call.Principal ?? "", tenant, worker, call.HttpContext.Connection.Id);
        return opened;
    }

    public async Task<CloseSessionResponse> CloseSessionAsync(CloseSessionRequest request, GrpcCallContext call)
    {
        var session = Resolve(request.Session, call);
        var closed = await RelayAsync(session.Worker, () => session.Worker.Client.CloseSessionAsync(request, session.Worker.Options(call.CancellationToken)));
        workers.SessionClosed(session.Id);
        return closed;
    }

    public async Task<PingResponse> PingAsync(PingRequest request, GrpcCallContext call)
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

        return await RelayAsync(session.Worker, () => session.Worker.Client.PingAsync(request, session.Worker.Options(call.CancellationToken)));
    }

    public Task<DescribeResponse> DescribeAsync(DescribeRequest request, GrpcCallContext call) =>
        Unary(request.Session, call, (worker, options) => worker.Client.DescribeAsync(request, options));

    public Task<CancelResponse> CancelAsync(CancelRequest request, GrpcCallContext call) =>
        Unary(request.Session, call, (worker, options) => worker.Client.CancelAsync(request, options));

    public Task<ResetSessionResponse> ResetSessionAsync(ResetSessionRequest request, GrpcCallContext call) =>
        Unary(request.Session, call, (worker, options) => worker.Client.ResetSessionAsync(request, options));

    public Task<ReleaseResponse> ReleaseAsync(ReleaseRequest request, GrpcCallContext call) =>
        Unary(request.Session, call, (worker, options) => worker.Client.ReleaseAsync(request, options));

    public Task ExecuteAsync(ExecuteRequest request, IResponseSink<ExecuteEvent> responses, GrpcCallContext call) =>
        StreamAsync(request.Session, call, responses, admit: true, (worker, options) => worker.Client.ExecuteAsync(request, options));

    public Task GetMetadataAsync(MetadataRequest request, IResponseSink<ExecuteEvent> responses, GrpcCallContext call) =>
        StreamAsync(request.Session, call, responses, admit: true, (worker, options) => worker.Client.GetMetadataAsync(request, options));

    public Task ReattachAsync(ReattachRequest request, IResponseSink<ExecuteEvent> responses, GrpcCallContext call) =>
        StreamAsync(request.Session, call, responses, admit: false, (worker, options) => worker.Client.ReattachAsync(request, options));

    public async Task<IngestResponse> IngestAsync(IngestRequest first, IAsyncStreamReader<IngestRequest> rest, GrpcCallContext call)
    {
        var session = Resolve(first.Session, call);
        using var slot = await admission.EnterAsync(call.Principal ?? "", call.CancellationToken);
        return await RelayAsync(session.Worker, async () =>
        {
            using var ingest = session.Worker.Raw.Ingest(session.Worker.Options(call.CancellationToken).ToCallOptions());
            try
            {
                await ingest.RequestStream.WriteAsync(first, call.CancellationToken);
                while (await rest.MoveNext(call.CancellationToken))
                {
                    await ingest.RequestStream.WriteAsync(rest.Current, call.CancellationToken);
                }

                await ingest.RequestStream.CompleteAsync();
            }
            catch (RpcException)
            {
                // The worker ended the call early: its answer says why.
            }

            return await ingest.ResponseAsync;
        });
    }

    private RemoteSession Resolve(SessionRef? reference, GrpcCallContext call) => workers.Resolve(reference, call.Principal ?? "", call.HttpContext.Connection.Id);

    private async Task<T> Unary<T>(SessionRef? reference, GrpcCallContext call, Func<EngineWorker, GrpcCallOptions, Task<T>> relay)
    {
        var session = Resolve(reference, call);
        return await RelayAsync(session.Worker, () => relay(session.Worker, session.Worker.Options(call.CancellationToken)));
    }

    private async Task StreamAsync(
        SessionRef? reference, GrpcCallContext call, IResponseSink<ExecuteEvent> responses, bool admit,
        Func<EngineWorker, GrpcCallOptions, Task<IGrpcResponseStream<ExecuteEvent>>> start)
    {
        var session = Resolve(reference, call);
        var worker = session.Worker;
        using var slot = admit ? await admission.EnterAsync(call.Principal ?? "", call.CancellationToken) : null;
        await using var events = await RelayAsync(worker, () => start(worker, worker.Options(call.CancellationToken)));
        await responses.StartAsync();
        while (await RelayAsync(worker, () => events.MoveNextAsync().AsTask()))
        {
            var message = events.Current;
            await responses.WriteAsync(message);
            // Written out: the pooled buffer the batch arrived in can go back.
            PooledBatches.Return(message.Batch);
        }
    }

    // The worker's own answers (statuses with Quiver's error) pass through; a worker gone under the call is 57P01.
    private static async Task<T> RelayAsync<T>(EngineWorker worker, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException failure) when (ErrorTrailer.Read(failure) is not null)
        {
            throw new RpcException(failure.Status, failure.Trailers);
        }
        catch (Exception failure) when (failure is RpcException or IOException or HttpRequestException)
        {
            try
            {
                await worker.Exited.WaitAsync(ExitWait);
            }
            catch (TimeoutException)
            {
                throw Failures.Status(StatusCode.Unavailable, Failures.Error("08006", ErrorClass.Protocol,
                    $"The connection to the engine process of tenant '{worker.Tenant}' failed: {(failure as RpcException)?.Status.Detail ?? failure.Message}", transient: true));
            }

            throw EngineWorkers.Lost(worker.Tenant, worker);
        }
    }
}
