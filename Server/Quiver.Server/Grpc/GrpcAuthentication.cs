using Grpc.Core;

namespace Quiver.Server.Grpc;

/// <summary>
/// Authenticates every gRPC request before routing, so an unauthenticated caller learns nothing, not even which
/// methods exist (a gRPC interceptor runs only for methods that exist, so this is middleware). The health service
/// answers everyone: load balancers and orchestrators probe it without credentials.
/// </summary>
internal static class GrpcAuthentication
{
    private const string PrincipalKey = "quiver.principal";
    private const string HealthPrefix = "/grpc.health.v1.Health/";

    /// <summary>The principal the middleware authenticated for this request, or null.</summary>
    public static string? PrincipalOf(HttpContext context) =>
        context.Items.TryGetValue(PrincipalKey, out var principal) ? principal as string : null;

    /// <param name="app">The application.</param>
    /// <param name="authenticate">Maps the authorization header to a principal (null: UNAUTHENTICATED); without it every call is anonymous.</param>
    public static IApplicationBuilder UseGrpcAuthentication(this IApplicationBuilder app, Func<string?, string?>? authenticate) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (!HttpMethods.IsPost(request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return Task.CompletedTask;
            }

            if (request.ContentType is not { } type || !type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
            {
                // The gRPC spec's answer, so that a plain HTTP client never takes a gRPC error (HTTP 200) for success.
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                return Task.CompletedTask;
            }

            if (authenticate is null || request.Path.StartsWithSegments(HealthPrefix.TrimEnd('/'), StringComparison.Ordinal))
            {
                return next(context);
            }

            var header = request.Headers.Authorization.ToString();
            if (authenticate(header.Length > 0 ? header : null) is not { } principal)
            {
                // A trailers-only response, as a gRPC server ends a call that sends no message.
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/grpc";
                context.Response.Headers["grpc-status"] = ((int)StatusCode.Unauthenticated).ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.Headers["grpc-message"] = Uri.EscapeDataString("Missing or invalid bearer token (authorization: Bearer <token>).");
                return Task.CompletedTask;
            }

            context.Items[PrincipalKey] = principal;
            return next(context);
        });
}
