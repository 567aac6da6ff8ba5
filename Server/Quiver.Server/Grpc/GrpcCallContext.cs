namespace Quiver.Server.Grpc;

/// <summary>What a handler knows about its call: cancellation (client gone or deadline passed), deadline, headers.</summary>
internal sealed class GrpcCallContext
{
    private readonly CancellationTokenSource _cancellation;

    public GrpcCallContext(HttpContext httpContext, CancellationTokenSource cancellation, DateTimeOffset? deadline)
    {
        HttpContext = httpContext;
        _cancellation = cancellation;
        Deadline = deadline;
    }

    public HttpContext HttpContext { get; }

    /// <summary>Fires when the client cancels or resets the call, disconnects, or the deadline passes.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>The client's deadline (from grpc-timeout), if it sent one.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>The client reset the stream or went away: nothing more can be sent.</summary>
    public bool ClientGone => HttpContext.RequestAborted.IsCancellationRequested;

    /// <summary>Who is calling (null when the router authenticates nobody).</summary>
    public string? Principal => HttpContext.Items.TryGetValue(GrpcRouter.PrincipalKey, out var principal) ? principal as string : null;

    /// <summary>A request header's value (metadata), or null.</summary>
    public string? GetHeader(string name) =>
        HttpContext.Request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;
}
