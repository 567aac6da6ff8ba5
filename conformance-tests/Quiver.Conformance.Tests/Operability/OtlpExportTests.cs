using System.Net;
using System.Text;
using Quiver.Data;

namespace Quiver.Conformance.Tests.Operability;

/// <summary>
/// --otlp-endpoint: OpenTelemetry's OTLP exporter sends the server's metrics and spans to a collector, here a loopback
/// HTTP listener that takes what an OTLP/HTTP collector takes.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Metrics_and_operation_spans_reach_an_OTLP_HTTP_collector()
    {
        using var collector = new Collector();
        await using var server = await ServerProcess.StartWithEnvironmentAsync(
            new Dictionary<string, string> { ["OTEL_METRIC_EXPORT_INTERVAL"] = "500", ["OTEL_BSP_SCHEDULE_DELAY"] = "200" },
            "--otlp-endpoint", collector.Address, "--otlp-protocol", "http/protobuf");
        await using var connection = new QuiverConnection($"Host={server.Address.Host};Port={server.Address.Port};Token={server.Token};Pooling=false");
        await connection.OpenAsync();
        await using var command = new QuiverCommand("SELECT 42", connection);
        Assert.Equal(42, Convert.ToInt32(await command.ExecuteScalarAsync()));

        var metrics = await collector.WaitForAsync("/v1/metrics", "quiver.server.operation.duration");
        var traces = await collector.WaitForAsync("/v1/traces", "quiver.execute");

        Assert.Contains("quiver-server", Encoding.UTF8.GetString(metrics), StringComparison.Ordinal);
        Assert.Contains("quiver.operation.id", Encoding.UTF8.GetString(traces), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operation_span_continues_the_trace_of_the_callers_traceparent()
    {
        using var collector = new Collector();
        await using var server = await ServerProcess.StartWithEnvironmentAsync(
            new Dictionary<string, string> { ["OTEL_BSP_SCHEDULE_DELAY"] = "200" },
            "--otlp-endpoint", collector.Address, "--otlp-protocol", "http/protobuf");
        var traceId = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
        await using var session = await TestSession.OpenAsync(server);
        var request = session.Request("SELECT 7");
        var traced = session.Auth with { Headers = [.. session.Auth.Headers!, new("traceparent", $"00-{Convert.ToHexStringLower(traceId)}-00f067aa0ba902b7-01")] };

        await using (var stream = await session.Client.ExecuteAsync(request, traced))
        {
            Assert.Null((await OperationResult.ReadAsync(stream)).Error);
        }

        var traces = await collector.WaitForAsync("/v1/traces", request.OperationId);
        Assert.True(traces.AsSpan().IndexOf(traceId) >= 0, "The exported span does not carry the caller's trace id.");
    }

    /// <summary>Collects the bodies POSTed to it (OTLP protobuf: names appear as UTF-8 inside) by path.</summary>
    private sealed class Collector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<(string Path, byte[] Body)> _received = [];
        private readonly Task _serving;

        public Collector()
        {
            var port = LoopbackPort.Free();
            Address = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Address + "/");
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        public string Address { get; }

        public async Task<byte[]> WaitForAsync(string path, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                lock (_received)
                {
                    if (_received.FirstOrDefault(r => r.Path == path && r.Body.AsSpan().IndexOf(bytes) >= 0) is { Body: not null } hit)
                    {
                        return hit.Body;
                    }
                }

                await Task.Delay(100);
            }

            lock (_received)
            {
                throw new TimeoutException($"No {path} export mentioning {text} within 60 s; received: {string.Join(", ", _received.Select(r => r.Path))}");
            }
        }

        public void Dispose()
        {
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(10));
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (_received)
                {
                    _received.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
                }

                // An empty ExportServiceResponse is a valid success answer.
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
