using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Quiver.Data.Diagnostics;
using Quiver.Data.Internal;
using Quiver.Data.Pooling;
using Quiver.Protocol;
using Quiver.Protocol.Grpc;

namespace Quiver.Data;

/// <summary>
/// A Quiver server and how to reach it: one connection string, one HTTP/2 channel shared by every connection, and
/// (unless <c>Pooling=false</c>) one session pool. Create it once per application (or register it with
/// <see cref="QuiverServiceCollectionExtensions.AddQuiverDataSource"/>), then create connections from it.
/// </summary>
public sealed class QuiverDataSource : DbDataSource
{
    private readonly List<Task> _closing = [];
    private int _rotation;
    private int _pendingCloses;
    private int _disposed;

    internal QuiverDataSource(QuiverSettings settings, ILoggerFactory? loggerFactory)
    {
        Settings = settings;
        Telemetry = new ProviderTelemetry((loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Quiver.Data"));
        Endpoints = settings.Hosts
            .Select(host => new ServerEndpoint(host, host.Channel(settings.Builder.Tls, settings.ChannelOptions(host))))
            .ToArray();
        Pool = settings.Builder.Pooling ? new ConnectorPool(this) : null;
        if (Pool is { } pool)
        {
            Telemetry.TrackPool(this, pool);
        }
    }

    /// <summary>A data source for <paramref name="connectionString"/> with default settings.</summary>
    public static QuiverDataSource Create(string connectionString) => new QuiverDataSourceBuilder(connectionString).Build();

    /// <inheritdoc/>
    public override string ConnectionString => Settings.Builder.ToString();

    internal QuiverSettings Settings { get; }

    /// <summary>The servers of the Host keyword, one channel each.</summary>
    internal ServerEndpoint[] Endpoints { get; }

    /// <summary>
    /// The servers in the order a new session should try them: fewest sessions of this data source first, ties taken
    /// in turn, so sessions spread evenly and a server that is down is skipped.
    /// </summary>
    internal ServerEndpoint[] EndpointsForNewSession()
    {
        if (Endpoints.Length == 1)
        {
            return Endpoints;
        }

        var start = (int)((uint)Interlocked.Increment(ref _rotation) % (uint)Endpoints.Length);
        return Enumerable.Range(0, Endpoints.Length).Select(i => Endpoints[(start + i) % Endpoints.Length]).OrderBy(e => e.Sessions).ToArray();
    }

    internal ConnectorPool? Pool { get; }

    internal ProviderTelemetry Telemetry { get; }

    /// <summary>A new, closed connection to this data source.</summary>
    public new QuiverConnection CreateConnection() => new(this);

    /// <summary>A new, open connection.</summary>
    public new QuiverConnection OpenConnection()
    {
        var connection = CreateConnection();
        connection.Open();
        return connection;
    }

    /// <summary>A new, open connection.</summary>
    public new async ValueTask<QuiverConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = CreateConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>A command on a connection of its own that is opened for it and closed with its reader.</summary>
    public new QuiverCommand CreateCommand(string? commandText = null) => new(commandText, this);

    /// <inheritdoc/>
    protected override DbConnection CreateDbConnection() => CreateConnection();

    /// <inheritdoc/>
    protected override DbCommand CreateDbCommand(string? commandText = null) => CreateCommand(commandText);

    /// <summary>Closes every idle pooled session; sessions in use are closed when they are returned.</summary>
    public void Clear() => Pool?.Clear();

    internal async Task<Connector> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Pool is { } pool
            ? await pool.RentAsync(cancellationToken).ConfigureAwait(false)
            : await Connector.OpenAsync(this, cancellationToken).ConfigureAwait(false);
    }

    internal void Return(Connector connector)
    {
        if (Pool is { } pool && Volatile.Read(ref _disposed) == 0)
        {
            pool.Return(connector);
        }
        else
        {
            Close(connector);
        }
    }

    /// <summary>Closes a session on the server in the background; disposing the data source waits for these closes.</summary>
    internal void Close(Connector connector)
    {
        Interlocked.Increment(ref _pendingCloses);
        var closing = CloseAndCountAsync(connector);
        lock (_closing)
        {
            _closing.RemoveAll(static task => task.IsCompleted);
            _closing.Add(closing);
        }
    }

    /// <summary>Session closes sent and not yet answered.</summary>
    internal int PendingCloses => Volatile.Read(ref _pendingCloses);

    private async Task CloseAndCountAsync(Connector connector)
    {
        try
        {
            await connector.CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _pendingCloses);
        }
    }

    // Each close gives up after 5 s (Connector.CloseAsync); this bounds the wait for all of them.
    private Task ClosesAsync()
    {
        Task[] pending;
        lock (_closing)
        {
            pending = [.. _closing];
        }

        return Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && Release())
        {
            try
            {
                ClosesAsync().GetAwaiter().GetResult();
            }
            catch (TimeoutException)
            {
                // The server did not answer in time; it closes what it can no longer reach itself.
            }
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override async ValueTask DisposeAsyncCore()
    {
        if (Release())
        {
            try
            {
                await ClosesAsync().ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // As in Dispose.
            }
        }
    }

    // Closes the pool (its idle sessions start closing) once; true for the caller that did.
    private bool Release()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return false;
        }

        Pool?.Dispose();
        Telemetry.Untrack(this);
        DataSourceCache.Forget(this);
        return true;
    }
}
