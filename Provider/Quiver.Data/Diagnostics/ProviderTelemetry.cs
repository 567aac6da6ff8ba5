using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Quiver.Data.Pooling;

namespace Quiver.Data.Diagnostics;

/// <summary>
/// The provider's logs (category <c>Quiver.Data</c>), spans (ActivitySource <c>Quiver.Data</c>) and metrics (Meter
/// <c>Quiver.Data</c>), named after the OpenTelemetry database client conventions.
/// </summary>
internal sealed partial class ProviderTelemetry
{
    public const string Name = "Quiver.Data";

    public static readonly ActivitySource Source = new(Name, typeof(ProviderTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Meter Meter = new(Name, typeof(ProviderTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "db.client.operation.duration", "s", "Duration of database client operations.");

    private static readonly Histogram<long> ReturnedRows = Meter.CreateHistogram<long>(
        "db.client.response.returned_rows", "{row}", "Rows returned by database operations.");

    private static readonly Counter<long> BytesReceived = Meter.CreateCounter<long>(
        "quiver.client.bytes_received", "By", "Arrow result bytes received.");

    private static readonly ConcurrentDictionary<QuiverDataSource, ConnectorPool> Pools = new();

    static ProviderTelemetry()
    {
        Meter.CreateObservableUpDownCounter("db.client.connection.count", ObservePools, "{connection}", "Sessions open in pools, by state.");
    }

    private readonly ILogger _logger;

    public ProviderTelemetry(ILogger logger) => _logger = logger;

    public void TrackPool(QuiverDataSource source, ConnectorPool pool) => Pools[source] = pool;

    public void Untrack(QuiverDataSource source) => Pools.TryRemove(source, out _);

    /// <summary>Starts a span for a command (null when nobody listens).</summary>
    public static Activity? StartCommand(QuiverDataSource source, string database, string sql)
    {
        var activity = Source.StartActivity(string.IsNullOrEmpty(database) ? "quiver" : database, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", "quiver");
            activity.SetTag("db.namespace", database);
            activity.SetTag("db.query.text", sql);
            activity.SetTag("server.address", source.Settings.Host);
            activity.SetTag("server.port", source.Settings.Port);
        }

        return activity;
    }

    /// <summary>Records the end of a command: duration, rows, bytes and outcome.</summary>
    public void EndCommand(Activity? activity, long startTimestamp, long rows, long bytes, Exception? error)
    {
        var elapsed = Stopwatch.GetElapsedTime(startTimestamp);
        var state = error is QuiverException quiver ? quiver.SqlState : null;
        var errorType = error is null ? null : state ?? error.GetType().FullName;
        var tags = new TagList { { "db.system.name", "quiver" } };
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        Duration.Record(elapsed.TotalSeconds, tags);
        ReturnedRows.Record(rows, tags);
        if (bytes > 0)
        {
            BytesReceived.Add(bytes, tags);
        }

        if (activity is not null)
        {
            if (errorType is not null)
            {
                activity.SetTag("error.type", errorType);
                activity.SetTag("db.response.status_code", state);
                activity.SetStatus(ActivityStatusCode.Error, error!.Message);
            }

            activity.SetTag("db.response.returned_rows", rows);
            activity.Dispose();
        }

        if (error is null)
        {
            LogCommandCompleted(elapsed.TotalMilliseconds, rows, bytes);
        }
        else
        {
            LogCommandFailed(elapsed.TotalMilliseconds, state ?? "", error.Message);
        }
    }

    private static IEnumerable<Measurement<int>> ObservePools()
    {
        foreach (var (source, pool) in Pools)
        {
            var name = new KeyValuePair<string, object?>("db.client.connection.pool.name", source.Settings.DataSource);
            var idle = pool.Idle;
            yield return new Measurement<int>(idle, name, new("db.client.connection.state", "idle"));
            yield return new Measurement<int>(Math.Max(0, pool.Open - idle), name, new("db.client.connection.state", "used"));
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Command completed in {DurationMs:0.###} ms: {Rows} rows, {Bytes} bytes.")]
    private partial void LogCommandCompleted(double durationMs, long rows, long bytes);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Command failed after {DurationMs:0.###} ms ({SqlState}): {Message}")]
    private partial void LogCommandFailed(double durationMs, string sqlState, string message);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Session {SessionId} opened ({ServerVersion}, engine {EngineVersion}).")]
    public partial void SessionOpened(string sessionId, string serverVersion, string engineVersion);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Closing session {SessionId} failed: {Message}")]
    public partial void CloseFailed(string sessionId, string message);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Cancelling operation {OperationId} failed: {Message}")]
    public partial void CancelFailed(string operationId, string message);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Discarded pooled session {SessionId}: {Message}")]
    public partial void PooledSessionDiscarded(string sessionId, string message);
}
