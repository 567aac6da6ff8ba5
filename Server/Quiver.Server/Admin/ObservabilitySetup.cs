using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Quiver.Server.Telemetry;

namespace Quiver.Server.Admin;

/// <summary>
/// OpenTelemetry's SDK over the server's own Meter and ActivitySource: a Prometheus scrape endpoint when the admin port
/// is on, an OTLP exporter when <c>--otlp-endpoint</c> is given, nothing otherwise (no listener, no cost).
/// </summary>
internal static class ObservabilitySetup
{
    public static void AddQuiverObservability(this IServiceCollection services, ServerOptions options, string version)
    {
        var prometheus = options.AdminListen is not null;
        var otlp = options.OtlpEndpoint;
        if (!prometheus && otlp is null)
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("quiver-server", serviceVersion: version))
            .WithMetrics(metrics =>
            {
                // The runtime's and Kestrel's own meters (GC, memory, thread pool; connections) come free with .NET.
                metrics.AddMeter(ServerTelemetry.Name, "System.Runtime", "Microsoft.AspNetCore.Server.Kestrel");
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(exporter => Configure(exporter, otlp, options.OtlpProtocol, "v1/metrics"));
                }
            });
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(ServerTelemetry.Name)
                .AddOtlpExporter(exporter => Configure(exporter, otlp, options.OtlpProtocol, "v1/traces")));
        }
    }

    private static void Configure(OtlpExporterOptions exporter, Uri endpoint, string protocol, string signalPath)
    {
        if (protocol == "http/protobuf")
        {
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            // Set in code, the endpoint is used as given: the signal's path is ours to add (the environment variable
            // OTEL_EXPORTER_OTLP_ENDPOINT would add it by itself).
            exporter.Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
        }
        else
        {
            exporter.Protocol = OtlpExportProtocol.Grpc;
            exporter.Endpoint = endpoint;
        }
    }
}
