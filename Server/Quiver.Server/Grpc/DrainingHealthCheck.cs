using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Quiver.Server.Grpc;

/// <summary>
/// What grpc.health.v1 reports for the server: SERVING while it runs, NOT_SERVING once shutdown has begun (for a
/// caller on a connection Kestrel has not closed yet). With no check registered the health service answers UNKNOWN.
/// </summary>
internal sealed class DrainingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("The server is shutting down.")
            : HealthCheckResult.Healthy());
}
