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
    private const string BasicPasswordKey = "quiver.basic-password";
    private const string HealthPrefix = "/grpc.health.v1.Health/";

    /// <summary>The principal the middleware authenticated for this request, or null.</summary>
    public static string? PrincipalOf(HttpContext context) =>
        context.Items.TryGetValue(PrincipalKey, out var principal) ? principal as string : null;

    /// <summary>The token of a request authenticated with Basic (username = principal, password = token), or null.</summary>
    public static string? BasicPasswordOf(HttpContext context) =>
        context.Items.TryGetValue(BasicPasswordKey, out var token) ? token as string : null;

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
            var basic = BasicCredentials(header);
            var principal = basic is var (user, password)
                ? authenticate("Bearer " + password) is { } owner && owner == user ? owner : null
                : authenticate(header.Length > 0 ? header : null);
            if (principal is null)
            {
                // A trailers-only response, as a gRPC server ends a call that sends no message.
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/grpc";
                context.Response.Headers["grpc-status"] = ((int)StatusCode.Unauthenticated).ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.Headers["grpc-message"] = Uri.EscapeDataString(
                    "Missing or invalid credentials (authorization: Bearer <token>, or Basic with the principal as username and the token as password).");
                return Task.CompletedTask;
            }

            context.Items[PrincipalKey] = principal;
            if (basic is var (_, token))
            {
                context.Items[BasicPasswordKey] = token;
            }

            return next(context);
        });

    // Tools that offer only user and password (Flight SQL's JDBC and ODBC drivers) send Basic: principal and token.
    private static (string User, string Password)? BasicCredentials(string header)
    {
        const string Scheme = "Basic ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header[Scheme.Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
