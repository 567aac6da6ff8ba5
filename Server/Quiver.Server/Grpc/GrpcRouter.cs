using Google.Protobuf;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Server.Grpc;

/// <summary>
/// gRPC over HTTP/2 on Kestrel (doc/PROTOCOL-HTTP2.md): routes <c>POST /package.Service/Method</c> to its handler,
/// reads the request message, writes response messages, and ends every call with grpc-status in trailers, or in the
/// headers of a trailers-only response when no message was sent.
/// </summary>
internal sealed partial class GrpcRouter
{
    internal const string PrincipalKey = "quiver.principal";
    private readonly Dictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly Func<string?, string?>? _authenticate;

    /// <param name="options">Limits.</param>
    /// <param name="logger">Where handler failures go.</param>
    /// <param name="authenticate">
    /// Maps the authorization header to a principal (null: UNAUTHENTICATED, before anything else is looked at); without
    /// it every call is anonymous.
    /// </param>
    public GrpcRouter(GrpcServerOptions options, ILogger logger, Func<string?, string?>? authenticate = null)
    {
        _options = options;
        _logger = logger;
        _authenticate = authenticate;
    }

    public GrpcRouter MapUnary<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, Func<TRequest, GrpcCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        RequireKind(method.Kind, GrpcMethodKind.Unary, method.Path);
        _routes.Add(method.Path, context => Dispatch(context, method, async (request, responses, call) =>
            await responses.WriteAsync(await handler(request, call))));
        return this;
    }

    public GrpcRouter MapServerStreaming<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, Func<TRequest, GrpcResponseStream<TResponse>, GrpcCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        RequireKind(method.Kind, GrpcMethodKind.ServerStreaming, method.Path);
        _routes.Add(method.Path, context => Dispatch(context, method, handler));
        return this;
    }

    /// <summary>The terminal request delegate: every request the server receives comes through here.</summary>
    public Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        }

        if (!GrpcHeaders.IsGrpcContentType(context.Request.ContentType))
        {
            // The spec's answer, so that a plain HTTP client never takes a gRPC error (HTTP 200) for success.
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return Task.CompletedTask;
        }

        if (_authenticate is not null)
        {
            var principal = _authenticate(context.Request.Headers.Authorization.ToString() is { Length: > 0 } header ? header : null);
            if (principal is null)
            {
                WriteStatus(context, GrpcStatusCode.Unauthenticated, "Missing or invalid bearer token (authorization: Bearer <token>).");
                return Task.CompletedTask;
            }

            context.Items[PrincipalKey] = principal;
        }

        if (!_routes.TryGetValue(context.Request.Path.Value ?? "", out var route))
        {
            WriteStatus(context, GrpcStatusCode.Unimplemented, $"Method {context.Request.Path} is not implemented by this server.");
            return Task.CompletedTask;
        }

        return route(context);
    }

    private async Task Dispatch<TRequest, TResponse>(
        HttpContext context,
        GrpcMethod<TRequest, TResponse> method,
        Func<TRequest, GrpcResponseStream<TResponse>, GrpcCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        var headers = context.Request.Headers;
        var encoding = headers[GrpcHeaders.Encoding].ToString();
        if (!GrpcCompression.IsSupported(encoding))
        {
            context.Response.Headers[GrpcHeaders.AcceptEncoding] = GrpcCompression.Supported;
            WriteStatus(context, GrpcStatusCode.Unimplemented, $"Message encoding '{encoding}' is not supported; use {GrpcCompression.Supported}.");
            return;
        }

        TimeSpan? timeout = null;
        if (headers.TryGetValue(GrpcHeaders.Timeout, out var timeoutHeader))
        {
            if (!GrpcTimeout.TryParse(timeoutHeader, out var parsed))
            {
                WriteStatus(context, GrpcStatusCode.Internal, $"Malformed grpc-timeout '{timeoutHeader}'.");
                return;
            }

            timeout = parsed;
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (timeout is { } after)
        {
            cancellation.CancelAfter(after);
        }

        var call = new GrpcCallContext(context, cancellation, timeout is { } t ? DateTimeOffset.UtcNow + t : null);
        var compress = _options.CompressResponses && GrpcCompression.AcceptsGzip(headers[GrpcHeaders.AcceptEncoding]);
        using var responses = new GrpcResponseStream<TResponse>(context, _options, compress, call.CancellationToken);
        try
        {
            var request = await GrpcRequestReader.ReadSingleAsync(
                context.Request.BodyReader, method.RequestParser, encoding == GrpcCompression.Gzip, _options.MaxReceiveMessageBytes, call.CancellationToken);
            StartResponse(context, compress);
            await handler(request, responses, call);
            WriteStatus(context, GrpcStatusCode.OK, null);
        }
        catch (Exception) when (responses.Stalled)
        {
            LogClientStalled(method.Path, _options.StreamStallTimeout.TotalSeconds);
        }
        catch (Exception) when (call.ClientGone)
        {
            // The client reset the stream or disconnected: there is nobody to tell.
            LogClientGone(method.Path);
        }
        catch (OperationCanceledException) when (call.CancellationToken.IsCancellationRequested)
        {
            WriteStatus(context, GrpcStatusCode.DeadlineExceeded, "Deadline Exceeded");
        }
        catch (GrpcStatusException error)
        {
            WriteStatus(context, error.Status, error.Detail, error.Error);
        }
        catch (Exception error)
        {
            LogHandlerFailed(error, method.Path);
            WriteStatus(context, GrpcStatusCode.Internal, "Exception was thrown by handler.");
        }
    }

    private static void StartResponse(HttpContext context, bool compress)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = GrpcHeaders.ContentType;
        context.Response.Headers[GrpcHeaders.AcceptEncoding] = GrpcCompression.Supported;
        if (compress)
        {
            context.Response.Headers[GrpcHeaders.Encoding] = GrpcCompression.Gzip;
        }
    }

    /// <summary>Ends the call: trailers after messages, or a trailers-only response when nothing was sent yet.</summary>
    private static void WriteStatus(HttpContext context, GrpcStatusCode status, string? message, Error? error = null)
    {
        var response = context.Response;
        var trailersOnly = !response.HasStarted;
        if (trailersOnly)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = GrpcHeaders.ContentType;
            response.Headers.Remove(GrpcHeaders.Encoding);
        }

        void Add(string name, string value)
        {
            if (trailersOnly)
            {
                response.Headers[name] = value;
            }
            else
            {
                response.AppendTrailer(name, value);
            }
        }

        Add(GrpcHeaders.Status, ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(message))
        {
            Add(GrpcHeaders.Message, GrpcMessageEncoding.Encode(message));
        }

        if (error is not null)
        {
            Add(GrpcHeaders.ErrorDetail, GrpcHeaders.EncodeBinary(error.ToByteArray()));
        }
    }

    private static void RequireKind(GrpcMethodKind actual, GrpcMethodKind expected, string path)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{path} is a {actual} method, not {expected}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A handler for {Path} failed.")]
    private partial void LogHandlerFailed(Exception error, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reset {Path}: its client took no data for {Seconds} s (stream-stall-timeout).")]
    private partial void LogClientStalled(string path, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The client left {Path} before it completed.")]
    private partial void LogClientGone(string path);
}
