namespace Quiver.Server;

/// <summary>
/// Answers every call with gRPC status 12 (UNIMPLEMENTED) as a trailers-only response, per gRPC's HTTP/2 protocol:
/// HTTP 200, <c>content-type: application/grpc</c>, and the status in the headers.
/// </summary>
internal static class GrpcFallback
{
    public static Task Unimplemented(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = "12";
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString($"Method {context.Request.Path} is not implemented by this server.");
        return Task.CompletedTask;
    }
}
