using System.Net;

namespace Quiver.Protocol.Grpc.Client;

/// <summary>
/// Status codes for failures that happen below gRPC: HTTP statuses (doc/http-grpc-status-mapping.md) and HTTP/2 stream
/// and connection errors (doc/PROTOCOL-HTTP2.md, "Errors").
/// </summary>
internal static class GrpcStatusMapping
{
    public static GrpcStatusCode FromHttpStatus(HttpStatusCode status) => (int)status switch
    {
        400 => GrpcStatusCode.Internal,
        401 => GrpcStatusCode.Unauthenticated,
        403 => GrpcStatusCode.PermissionDenied,
        404 => GrpcStatusCode.Unimplemented,
        429 or 502 or 503 or 504 => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    };

    /// <summary>Maps an HTTP/2 error code (RFC 9113 section 7) carried by RST_STREAM or GOAWAY.</summary>
    public static GrpcStatusCode FromHttp2Error(long errorCode) => errorCode switch
    {
        0x7 => GrpcStatusCode.Unavailable, // REFUSED_STREAM: not processed, safe to retry
        0x8 => GrpcStatusCode.Cancelled, // CANCEL
        0xb => GrpcStatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
        0xc => GrpcStatusCode.PermissionDenied, // INADEQUATE_SECURITY
        _ => GrpcStatusCode.Internal,
    };

    /// <summary>
    /// The exception a caller sees for one from the HTTP stack: a <see cref="GrpcStatusException"/> for transport
    /// failures, the exception itself for anything else. The caller's own cancellation is not a status: it stays an
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public static Exception Translate(Exception error, string path, CancellationToken callerToken, bool deadlinePassed)
    {
        switch (error)
        {
            case GrpcStatusException:
                return error;
            case OperationCanceledException when callerToken.IsCancellationRequested:
                return new OperationCanceledException($"The call to {path} was cancelled.", error, callerToken);
            case OperationCanceledException when deadlinePassed:
                return new GrpcStatusException(GrpcStatusCode.DeadlineExceeded, "Deadline Exceeded", innerException: error);
        }

        var protocol = error as HttpProtocolException ?? error.InnerException as HttpProtocolException;
        if (protocol is not null)
        {
            return new GrpcStatusException(
                FromHttp2Error(protocol.ErrorCode), $"The HTTP/2 stream of {path} was reset (error 0x{protocol.ErrorCode:x}): {protocol.Message}", innerException: error);
        }

        return error switch
        {
            HttpRequestException request => new GrpcStatusException(GrpcStatusCode.Unavailable, $"Could not call {path}: {request.Message}", innerException: error),
            IOException io => new GrpcStatusException(GrpcStatusCode.Unavailable, $"The connection broke during {path}: {io.Message}", innerException: error),
            _ => error,
        };
    }
}
