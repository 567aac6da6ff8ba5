using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Quiver.Server.Admin;

/// <summary>
/// The optional HTTP admin port (<c>--admin-listen</c>): <c>/healthz</c>, <c>/readyz</c> and, through OpenTelemetry's
/// Prometheus exporter, <c>/metrics</c>. It answers without credentials, as load balancers and scrapers expect, so it
/// serves nothing else: no gRPC, no data. Requests are told apart by the connection they arrive on, not by a port
/// number, so port 0 works.
/// </summary>
internal static class AdminEndpoint
{
    public const string MetricsPath = "/metrics";
    private const string ConnectionItem = "quiver.admin";

    /// <summary>Listens on <paramref name="endPoint"/> for HTTP/1.1 (what probes and Prometheus speak), marking its connections as admin ones.</summary>
    public static void ListenForAdmin(this KestrelServerOptions kestrel, IPEndPoint endPoint) =>
        kestrel.Listen(endPoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.Use(next => connection =>
            {
                connection.Items[ConnectionItem] = true;
                return next(connection);
            });
        });

    public static bool IsAdmin(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(ConnectionItem) == true;

    /// <summary>
    /// Answers admin requests before anything else in the pipeline (gRPC authentication refuses plain HTTP). Must be
    /// added after the Prometheus scraping middleware, which handles <see cref="MetricsPath"/>.
    /// </summary>
    public static void UseAdminEndpoint(this IApplicationBuilder app, IHostApplicationLifetime lifetime) =>
        app.MapWhen(IsAdmin, admin => admin.Run(context => AnswerAsync(context, lifetime)));

    private static Task AnswerAsync(HttpContext context, IHostApplicationLifetime lifetime)
    {
        var response = context.Response;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return response.WriteAsync("Only GET and HEAD are served here.\n");
        }

        switch (context.Request.Path.Value)
        {
            case "/healthz":
                // Live: the process answers. A draining server is still alive (restarting it would not help).
                return response.WriteAsync("ok\n");
            case "/readyz":
                var draining = lifetime.ApplicationStopping.IsCancellationRequested;
                var ready = lifetime.ApplicationStarted.IsCancellationRequested && !draining;
                response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
                return response.WriteAsync(ready ? "ready\n" : draining ? "draining\n" : "starting\n");
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                return response.WriteAsync($"Not found. This port serves /healthz, /readyz and {MetricsPath}.\n");
        }
    }
}
