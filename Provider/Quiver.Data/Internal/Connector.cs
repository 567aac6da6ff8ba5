using Google.Protobuf;
using Grpc.Core;
using Quiver.Protocol;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Data.Internal;

/// <summary>
/// One server session and what the provider knows about it. A connector is used by one connection at a time; the pool
/// hands it out and takes it back.
/// </summary>
internal sealed class Connector
{
    private static readonly Capability[] Wanted =
    [
        Capability.StatementBatches, Capability.Parameters, Capability.ArrowDictionaries, Capability.Reset, Capability.EventGroups,
    ];

    private static readonly Capability[] Resumable = [Capability.Reattach, Capability.Release];

    // A server that announces reattach but no window size: the protocol's suggested few MiB.
    private const long DefaultWindowBytes = 8 * 1024 * 1024;

    private readonly KeyValuePair<string, string>[] _headers;
    private int _closed;

    private Connector(QuiverDataSource source, ServerEndpoint endpoint, OpenSessionResponse opened, KeyValuePair<string, string>[] headers)
    {
        Source = source;
        Endpoint = endpoint;
        Opened = opened;
        Session = opened.Session;
        _headers = headers;
        Database = opened.Database;
        CanReset = opened.Capabilities.Contains(Capability.Reset);
        CanReattach = opened.Capabilities.Contains(Capability.Reattach) && opened.Capabilities.Contains(Capability.Release);
    }

    public QuiverDataSource Source { get; }

    /// <summary>The server that opened the session: every call of the session goes there.</summary>
    public ServerEndpoint Endpoint { get; }

    public OpenSessionResponse Opened { get; }

    public SessionRef Session { get; }

    public string Database { get; set; }

    public bool CanReset { get; }

    /// <summary>Results of this session can be reattached after a broken connection.</summary>
    public bool CanReattach { get; }

    /// <summary>Set when the session cannot be trusted any more (gone on the server, connection failed): never pooled again.</summary>
    public bool IsBroken { get; set; }

    /// <summary>Set once a command ran: the next user needs a reset first.</summary>
    public bool IsDirty { get; set; }

    /// <summary>
    /// Set when the server did not answer within Command Timeout: the connection may be dead, so the next call pings
    /// first instead of waiting out another full timeout.
    /// </summary>
    public bool IsSuspect { get; set; }

    // How long the ping after a client-side timeout may take before the connection is declared broken.
    private static readonly TimeSpan SuspectPingTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Set when a reader stopped a query early: the server may need a moment before the session is free.</summary>
    public bool MayBeBusy { get; set; }

    // After a reader was abandoned mid-result, the server may still be unwinding that query for a few milliseconds.
    private const int BusyRetries = 40;

    /// <summary>When the connector went back to the pool (Environment.TickCount64).</summary>
    public long ReturnedAt { get; set; }

    /// <summary>The pool generation the connector belongs to; ClearPool moves the pool to a new one.</summary>
    public int Generation { get; set; }

    private QuiverClient Client => Endpoint.Client;

    public static async Task<Connector> OpenAsync(QuiverDataSource source, CancellationToken cancellationToken)
    {
        var settings = source.Settings;
        var headers = new[] { new KeyValuePair<string, string>("authorization", settings.AuthorizationHeader()) };
        var request = new OpenSessionRequest
        {
            MinProtocolVersion = 1,
            MaxProtocolVersion = 1,
            ClientName = "Quiver.Data " + typeof(Connector).Assembly.GetName().Version,
            ApplicationName = settings.Builder.ApplicationName ?? "",
            Tenant = settings.Builder.Tenant ?? "",
        };
        request.Capabilities.Add(Wanted);
        if (settings.Builder.Reattach)
        {
            request.Capabilities.Add(Resumable);
        }
        foreach (var (name, value) in settings.Settings)
        {
            request.Settings[name] = value;
        }

        // Each server in turn, fewest sessions first; one that cannot be reached (or has no room) passes to the next.
        var endpoints = source.EndpointsForNewSession();
        List<string>? failures = null;
        foreach (var endpoint in endpoints)
        {
            try
            {
                var opened = await endpoint.Client.OpenSessionAsync(request, Options(headers, settings.ConnectTimeout, cancellationToken)).ConfigureAwait(false);
                endpoint.SessionOpened();
                source.Telemetry.SessionOpened(opened.Session.SessionId, opened.ServerVersion, opened.EngineVersion);
                return new Connector(source, endpoint, opened, headers);
            }
            catch (RpcException failure) when (endpoints.Length > 1 && !cancellationToken.IsCancellationRequested
                && failure.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted)
            {
                var error = Errors.From(failure);
                (failures ??= []).Add($"{endpoint.Address}: {error.MessageText}");
                if (failures.Count == endpoints.Length)
                {
                    throw new QuiverException(
                        $"Could not open a session on any of the {endpoints.Length} servers: {string.Join("; ", failures)}",
                        "08001", error.ErrorClass, error) { Transient = true };
                }
            }
            catch (RpcException failure) when (failure.StatusCode == StatusCode.DeadlineExceeded)
            {
                throw new QuiverException(
                    $"Could not open a session on {endpoint.Address} within {settings.ConnectTimeout.TotalSeconds:0.###} s (Timeout).",
                    "08001", QuiverErrorClass.Timeout, new TimeoutException(failure.Status.Detail, failure)) { Transient = true };
            }
            catch (RpcException failure)
            {
                throw Errors.From(failure);
            }
        }

        throw new InvalidOperationException("A data source has at least one server.");
    }

    /// <summary>Returns the session to its just-opened state; also proves it is alive.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (CanReset)
            {
                await Client.ResetSessionAsync(new ResetSessionRequest { Session = Session }, CallOptions(Source.Settings.ConnectTimeout, cancellationToken)).ConfigureAwait(false);
            }
            else
            {
                var ping = await Client.PingAsync(new PingRequest { Session = Session }, CallOptions(Source.Settings.ConnectTimeout, cancellationToken)).ConfigureAwait(false);
                if (ping.SessionState != SessionState.Active)
                {
                    throw new QuiverException($"The pooled session is {ping.SessionState}.", "08003", QuiverErrorClass.Session);
                }
            }

            IsDirty = false;
            Database = Opened.Database;
        }
        catch (RpcException failure)
        {
            IsBroken = true;
            throw Errors.From(failure);
        }
        catch (QuiverException)
        {
            IsBroken = true;
            throw;
        }
    }

    /// <summary>Closes the session on the server; failures are ignored (the server expires what it cannot close).</summary>
    public async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        Endpoint.SessionClosed();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await Client.CloseSessionAsync(new CloseSessionRequest { Session = Session }, CallOptions(null, timeout.Token)).ConfigureAwait(false);
        }
        catch (Exception error) when (error is RpcException or OperationCanceledException or HttpRequestException or IOException)
        {
            Source.Telemetry.CloseFailed(Opened.Session.SessionId, error.Message);
        }
    }

    /// <summary>
    /// Starts a call that takes the session's operation slot (Execute, GetMetadata, Describe). While <see cref="MayBeBusy"/>,
    /// the server's "session is running an operation" (55006) means the stopped query is still unwinding: wait and retry
    /// for a short while instead of failing the caller.
    /// </summary>
    public async Task<T> WhenIdleAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (IsSuspect)
        {
            await CheckAliveAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var result = await call(cancellationToken).ConfigureAwait(false);
                MayBeBusy = false;
                return result;
            }
            catch (QuiverException busy) when (busy.SqlState == "55006" && MayBeBusy && attempt < BusyRetries)
            {
                await Task.Delay(Math.Min(1 << Math.Min(attempt, 6), 50), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task CheckAliveAsync(CancellationToken cancellationToken)
    {
        try
        {
            var ping = await Client.PingAsync(new PingRequest { Session = Session }, CallOptions(SuspectPingTimeout, cancellationToken)).ConfigureAwait(false);
            if (ping.SessionState != SessionState.Active)
            {
                IsBroken = true;
                throw new QuiverException($"The session is {ping.SessionState} on the server (a previous command timed out); open a new connection.", "08003", QuiverErrorClass.Session);
            }

            IsSuspect = false;
        }
        catch (Exception failure) when (failure is RpcException or HttpRequestException or IOException
            || (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            IsBroken = true;
            throw new QuiverException(
                $"The server did not answer a ping within {SuspectPingTimeout.TotalSeconds:0} s after a command timed out: the connection is broken; open a new connection.",
                "08006", QuiverErrorClass.Protocol, failure) { Transient = true };
        }
    }

    public Task<IGrpcResponseStream<ExecuteEvent>> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken)
    {
        IsDirty = true;
        request.Session = Session;
        return Client.ExecuteAsync(request, CallOptions(null, cancellationToken));
    }

    /// <summary>How operation <paramref name="operationId"/>'s result resumes after a broken connection; null when it cannot.</summary>
    public ResultResumption? Resumption(string operationId) => !CanReattach ? null : new ResultResumption(
        operationId,
        Opened.ReattachWindowBytes > 0 ? (long)Math.Min(Opened.ReattachWindowBytes, long.MaxValue) : DefaultWindowBytes,
        (after, token) => Client.ReattachAsync(new ReattachRequest { Session = Session, OperationId = operationId, AfterSequence = after }, CallOptions(null, token)),
        async (upTo, all) =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await Client.ReleaseAsync(new ReleaseRequest { Session = Session, OperationId = operationId, UpToSequence = upTo, ReleaseAll = all }, CallOptions(null, timeout.Token)).ConfigureAwait(false);
        });

    public Task<IGrpcResponseStream<ExecuteEvent>> GetMetadataAsync(MetadataRequest request, CancellationToken cancellationToken)
    {
        request.Session = Session;
        return Client.GetMetadataAsync(request, CallOptions(null, cancellationToken));
    }

    public Task<IngestResponse> IngestAsync(IngestTarget target, IEnumerable<ByteString> streams, CancellationToken cancellationToken)
        => Client.IngestAsync(new IngestRequest { Session = Session, OperationId = Guid.NewGuid().ToString("N"), Target = target }, streams, CallOptions(null, cancellationToken));

    public Task<DescribeResponse> DescribeAsync(string sql, CancellationToken cancellationToken)
        => Client.DescribeAsync(new DescribeRequest { Session = Session, Sql = sql }, CallOptions(null, cancellationToken));

    /// <summary>Asks the server to cancel an operation; best effort (it may have ended already).</summary>
    public async Task CancelAsync(string operationId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await Client.CancelAsync(new CancelRequest { Session = Session, OperationId = operationId }, CallOptions(null, timeout.Token)).ConfigureAwait(false);
        }
        catch (Exception error) when (error is RpcException or OperationCanceledException or HttpRequestException or IOException)
        {
            Source.Telemetry.CancelFailed(operationId, error.Message);
        }
    }

    private GrpcCallOptions CallOptions(TimeSpan? timeout, CancellationToken cancellationToken) => Options(_headers, timeout, cancellationToken);

    private static GrpcCallOptions Options(KeyValuePair<string, string>[] headers, TimeSpan? timeout, CancellationToken cancellationToken) => new()
    {
        Headers = headers,
        CancellationToken = cancellationToken,
        Deadline = timeout is { } limit && limit != Timeout.InfiniteTimeSpan ? DateTime.UtcNow + limit : null,
    };
}
