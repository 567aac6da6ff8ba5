using Grpc.Core;

namespace Quiver.Server;

/// <summary>
/// What a handler knows about its call: cancellation (client gone or deadline passed), caller and client connection.
/// A call arrives over gRPC, or, in an engine process, over the engine link from the server that started it.
/// </summary>
internal sealed class CallContext
{
    private readonly ServerCallContext? _context;

    public CallContext(ServerCallContext context)
    {
        _context = context;
        HttpContext = context.GetHttpContext();
        Principal = Grpc.GrpcAuthentication.PrincipalOf(HttpContext);
        ConnectionId = HttpContext.Connection.Id;
        CancellationToken = context.CancellationToken;
    }

    /// <summary>A call over the engine link: its sessions are not tied to a connection (the server keeps that tie).</summary>
    public CallContext(string? principal, CancellationToken cancellationToken)
    {
        Principal = principal;
        CancellationToken = cancellationToken;
    }

    /// <summary>The gRPC call's HTTP context; null for a call over the engine link.</summary>
    public HttpContext? HttpContext { get; }

    /// <summary>Fires when the client cancels or resets the call, disconnects, or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The client connection a session opened by this call is tied to (null: none).</summary>
    public string? ConnectionId { get; }

    /// <summary>Who is calling (null when the server authenticates nobody).</summary>
    public string? Principal { get; }

    /// <summary>The client reset the stream or went away: nothing more can be sent.</summary>
    public bool ClientGone => HttpContext?.RequestAborted.IsCancellationRequested ?? CancellationToken.IsCancellationRequested;

    /// <summary>A request header's value (metadata), or null.</summary>
    public string? GetHeader(string name) => _context?.RequestHeaders.GetValue(name);

    /// <summary>Sends the response headers now, before any message, so the client knows the call is under way.</summary>
    public Task SendHeadersAsync() => _context?.WriteResponseHeadersAsync([]) ?? Task.CompletedTask;
}
