using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Quiver.Data.Diagnostics;
using Quiver.Data.Internal;
using Quiver.Data.Pooling;
using Quiver.Protocol;
using Quiver.Protocol.Grpc.Client;

namespace Quiver.Data;

/// <summary>
/// A Quiver server and how to reach it: one connection string, one HTTP/2 channel shared by every connection, and
/// (unless <c>Pooling=false</c>) one session pool. Create it once per application (or register it with
/// <see cref="QuiverServiceCollectionExtensions.AddQuiverDataSource"/>), then create connections from it.
/// </summary>
public sealed class QuiverDataSource : DbDataSource
{
    private readonly GrpcChannel _channel;
    private int _disposed;

    internal QuiverDataSource(QuiverSettings settings, ILoggerFactory? loggerFactory)
    {
        Settings = settings;
        Telemetry = new ProviderTelemetry((loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Quiver.Data"));
        _channel = new GrpcChannel(settings.Address, settings.ChannelOptions());
        Client = new QuiverClient(_channel);
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

    internal QuiverClient Client { get; }

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
            _ = connector.CloseAsync();
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Pool?.Dispose();
            Telemetry.Untrack(this);
            DataSourceCache.Forget(this);
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override ValueTask DisposeAsyncCore()
    {
        Dispose(true);
        return ValueTask.CompletedTask;
    }
}
