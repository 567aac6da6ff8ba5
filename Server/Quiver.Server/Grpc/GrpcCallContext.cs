using Grpc.Core;

namespace Quiver.Server.Grpc;

/// <summary>What a handler knows about its call: cancellation (client gone or deadline passed), deadline, headers, caller.</summary>
internal sealed class GrpcCallContext
{
    private readonly ServerCallContext _context;

    public GrpcCallContext(ServerCallContext context)
    {
        _context = context;
        HttpContext = context.GetHttpContext();
    }

    public HttpContext HttpContext { get; }

    /// <summary>Fires when the client cancels or resets the call, disconnects, or the deadline passes.</summary>
    public CancellationToken CancellationToken => _context.CancellationToken;

    /// <summary>The client's deadline (from grpc-timeout), if it sent one.</summary>
    public DateTimeOffset? Deadline => _context.Deadline == DateTime.MaxValue ? null : new DateTimeOffset(_context.Deadline, TimeSpan.Zero);

    /// <summary>The client reset the stream or went away: nothing more can be sent.</summary>
    public bool ClientGone => HttpContext.RequestAborted.IsCancellationRequested;

    /// <summary>Who is calling (null when the server authenticates nobody).</summary>
    public string? Principal => GrpcAuthentication.PrincipalOf(HttpContext);

    /// <summary>A request header's value (metadata), or null.</summary>
    public string? GetHeader(string name) => _context.RequestHeaders.GetValue(name);

    /// <summary>Sends the response headers now, before any message, so the client knows the call is under way.</summary>
    public Task SendHeadersAsync() => _context.WriteResponseHeadersAsync([]);
}
