using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Quiver.Server.Grpc;

/// <summary>
/// How a call's failure reaches the client: an <see cref="RpcException"/> as thrown (status, message, quiver-error-bin
/// trailer); a deadline as DEADLINE_EXCEEDED; a client that left gets nothing (nobody is there); anything else is a
/// server bug: logged, and answered INTERNAL without details (Grpc.AspNetCore alone would say UNKNOWN).
/// </summary>
internal sealed partial class StatusInterceptor : Interceptor
{
    private readonly ILogger _logger;

    public StatusInterceptor(ILoggerFactory loggers) => _logger = loggers.CreateLogger("Quiver.Server.Grpc");

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception error) when (Translate(error, context) is { } status)
        {
            throw status;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception error) when (Translate(error, context) is { } status)
        {
            throw status;
        }
    }

    /// <summary>The exception to end the call with, or null to let <paramref name="error"/> through as it is.</summary>
    private RpcException? Translate(Exception error, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        switch (error)
        {
            case RpcException:
                return null;
            case StreamStalledException stalled:
                LogClientStalled(context.Method, stalled.Timeout.TotalSeconds);
                return new RpcException(new Status(StatusCode.Cancelled, "The client took no data within the stream stall timeout."));
            case Exception when http.RequestAborted.IsCancellationRequested:
                LogClientGone(context.Method);
                return new RpcException(new Status(StatusCode.Cancelled, "The client left the call."));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
            default:
                LogHandlerFailed(error, context.Method);
                return new RpcException(new Status(StatusCode.Internal, "Exception was thrown by handler."));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A handler for {Method} failed.")]
    private partial void LogHandlerFailed(Exception error, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reset {Method}: its client took no data for {Seconds} s (stream-stall-timeout).")]
    private partial void LogClientStalled(string method, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The client left {Method} before it completed.")]
    private partial void LogClientGone(string method);
}

/// <summary>A response write waited longer than the stream stall timeout for the client to take data; the stream was reset.</summary>
internal sealed class StreamStalledException(TimeSpan timeout, Exception inner)
    : Exception($"The client took no data for {timeout.TotalSeconds} s.", inner)
{
    public TimeSpan Timeout { get; } = timeout;
}
