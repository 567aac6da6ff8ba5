using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Grpc.Core;
using Quiver.Data.Internal;
using Quiver.Protocol.V1;

namespace Quiver.Data;

/// <summary>
/// A connection to a Quiver server: while open, it holds one server session (from the pool unless
/// <c>Pooling=false</c>) with its own temp objects, settings and transaction. One command runs at a time.
/// </summary>
public sealed partial class QuiverConnection : DbConnection
{
    private QuiverDataSource? _source;
    private string _connectionString = "";
    private Connector? _connector;
    private ConnectionState _state = ConnectionState.Closed;

    /// <summary>A closed connection without a connection string.</summary>
    public QuiverConnection()
    {
    }

    /// <summary>A closed connection for <paramref name="connectionString"/>; connections with the same string share a pool.</summary>
    public QuiverConnection(string? connectionString)
    {
        ConnectionString = connectionString;
    }

    internal QuiverConnection(QuiverDataSource source)
    {
        _source = source;
        _connectionString = source.Settings.Builder.ConnectionString;
    }

    /// <summary>The connection string. After Open, the token is no longer shown.</summary>
    [AllowNull]
    public override string ConnectionString
    {
        get => _state == ConnectionState.Closed ? _connectionString : new QuiverConnectionStringBuilder(_connectionString).ToString();
        set
        {
            if (_state != ConnectionState.Closed)
            {
                throw new InvalidOperationException("The connection string cannot change while the connection is open.");
            }

            // Checked now, as other providers do, so a bad keyword or value fails where it was written, not at Open.
            if (!string.IsNullOrEmpty(value))
            {
                QuiverSettings.Parse(value);
            }

            _connectionString = value ?? "";
            _source = null;
        }
    }

    /// <inheritdoc/>
    public override int ConnectionTimeout => Settings.Builder.Timeout;

    /// <summary>The session's current database (catalog).</summary>
    public override string Database => _connector?.Database ?? "";

    /// <summary>The server as host:port.</summary>
    public override string DataSource => _connectionString.Length == 0 ? "" : Settings.DataSource;

    /// <summary>The Quiver server's version (the SQL engine's is <see cref="EngineVersion"/>).</summary>
    public override string ServerVersion => CheckOpen().Opened.ServerVersion;

    /// <summary>The SQL engine behind the server, with its version (for example "duckdb v1.5.6").</summary>
    public string EngineVersion => $"{CheckOpen().Opened.Engine} {CheckOpen().Opened.EngineVersion}";

    /// <summary>The tenant the session belongs to ("default" unless a tokens file names another).</summary>
    public string Tenant => CheckOpen().Opened.Tenant;

    /// <inheritdoc/>
    public override ConnectionState State => _state;

    /// <inheritdoc/>
    public override bool CanCreateBatch => true;

    internal QuiverDataSource Source => _source ??= DataSourceCache.Get(_connectionString);

    internal Connector? Connector => _connector;

    internal QuiverDataReader? CurrentReader { get; set; }

    internal QuiverTransaction? CurrentTransaction { get; set; }

    internal int DefaultCommandTimeout => Settings.CommandTimeout;

    private QuiverSettings Settings => Source.Settings;

    /// <summary>Closes every idle pooled session of this connection's pool.</summary>
    public static void ClearPool(QuiverConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Source.Clear();
    }

    /// <summary>Closes every idle pooled session of every pool.</summary>
    public static void ClearAllPools() => DataSourceCache.ClearAll();

    /// <inheritdoc/>
    public override void Open() => OpenCoreAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task OpenAsync(CancellationToken cancellationToken) => OpenCoreAsync(cancellationToken);

    /// <inheritdoc/>
    public override void Close() => CloseAsync(async: false).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task CloseAsync() => CloseAsync(async: true);

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        await CloseAsync(async: true).ConfigureAwait(false);

        // Raises Disposed, as Dispose does (the connection is closed already, so Close there does nothing).
        Dispose();
    }

    /// <inheritdoc/>
    protected override DbProviderFactory DbProviderFactory => QuiverFactory.Instance;

    /// <inheritdoc/>
    public override void ChangeDatabase(string databaseName)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        using var command = CreateCommand();
        command.CommandText = "USE " + QuoteIdentifier(databaseName);
        command.ExecuteNonQuery();
        CheckOpen().Database = databaseName;
    }

    /// <summary>A new command on this connection.</summary>
    public new QuiverCommand CreateCommand() => new(null, this);

    /// <summary>
    /// Bulk ingest into a table of this connection's session (the ADBC driver's adbc.ingest.*): each Arrow IPC stream
    /// goes as one message, appended by the server without SQL per row. Returns the rows ingested.
    /// </summary>
    internal async Task<ulong> IngestAsync(IngestTarget target, IEnumerable<ByteString> streams, CancellationToken cancellationToken)
    {
        var connector = CheckReadyForCommand();
        var response = await connector.WhenIdleAsync(
            async token =>
            {
                try
                {
                    return await connector.IngestAsync(target, streams, token).ConfigureAwait(false);
                }
                catch (RpcException failure)
                {
                    throw Errors.From(failure, "ingest into " + target.Table);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return response.RowsIngested;
    }

    /// <summary>A new batch on this connection.</summary>
    public new QuiverBatch CreateBatch() => new(this);

    /// <summary>
    /// Begins a transaction. DuckDB gives every transaction snapshot isolation, so Unspecified, Snapshot and
    /// Serializable are accepted (Serializable as snapshot isolation, which DuckDB's optimistic conflict checks make
    /// fail with SQLSTATE 40001 on write-write conflicts); weaker levels are refused.
    /// </summary>
    public new QuiverTransaction BeginTransaction(IsolationLevel isolationLevel = IsolationLevel.Unspecified)
        => BeginTransactionAsync(isolationLevel, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="BeginTransaction(IsolationLevel)"/>
    public new ValueTask<QuiverTransaction> BeginTransactionAsync(IsolationLevel isolationLevel = IsolationLevel.Unspecified, CancellationToken cancellationToken = default)
        => new(BeginTransactionAsync(isolationLevel, async: true, cancellationToken));

    /// <inheritdoc/>
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => BeginTransaction(isolationLevel);

    /// <inheritdoc/>
    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken)
        => await BeginTransactionAsync(isolationLevel, async: true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    protected override DbCommand CreateDbCommand() => CreateCommand();

    /// <inheritdoc/>
    protected override DbBatch CreateDbBatch() => CreateBatch();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    // The transport is asynchronous only, so Open waits on this too.
    private async Task OpenCoreAsync(CancellationToken cancellationToken)
    {
        if (_state != ConnectionState.Closed)
        {
            throw new InvalidOperationException("The connection is already open.");
        }

        if (string.IsNullOrEmpty(_connectionString) && _source is null)
        {
            throw new InvalidOperationException("The connection has no connection string.");
        }

        SetState(ConnectionState.Connecting);
        try
        {
            _connector = await Source.RentAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            SetState(ConnectionState.Closed);
            throw;
        }

        SetState(ConnectionState.Open);
    }

    internal Connector CheckReadyForCommand()
    {
        var connector = CheckOpen();
        if (CurrentReader is { IsClosed: false })
        {
            throw new InvalidOperationException(
                "This connection already has an open QuiverDataReader, which must be closed first: a connection runs one command at a time.");
        }

        return connector;
    }

    /// <summary>
    /// A command runs in the connection's open transaction only when it says so, as Microsoft.Data.Sqlite and SqlClient
    /// require: a command that names another transaction, or none while one is open, is refused instead of silently
    /// running somewhere else.
    /// </summary>
    internal void CheckTransaction(QuiverTransaction? transaction)
    {
        if (transaction is not null && !ReferenceEquals(transaction.Connection, this))
        {
            throw new InvalidOperationException(transaction.Connection is null
                ? "The command's Transaction has already been committed or rolled back; set Transaction to the connection's open transaction or to null."
                : "The command's Transaction belongs to another connection.");
        }

        if (CurrentTransaction is not null && transaction is null)
        {
            throw new InvalidOperationException(
                "The connection has an open transaction: set the command's Transaction to it (the one BeginTransaction returned).");
        }
    }

    internal void ReaderClosed(QuiverDataReader reader, bool stoppedEarly, Exception? failure)
    {
        if (ReferenceEquals(CurrentReader, reader))
        {
            CurrentReader = null;
        }

        if (_connector is { } connector)
        {
            connector.MayBeBusy |= stoppedEarly;
            connector.IsSuspect |= ResultStream.IsClientTimeout(failure);
            if (failure is QuiverException quiver && Errors.BreaksSession(quiver))
            {
                connector.IsBroken = true;
            }
        }
    }

    private async Task<QuiverTransaction> BeginTransactionAsync(IsolationLevel isolationLevel, bool async, CancellationToken cancellationToken)
    {
        if (isolationLevel is not (IsolationLevel.Unspecified or IsolationLevel.Snapshot or IsolationLevel.Serializable))
        {
            throw new NotSupportedException(
                $"IsolationLevel.{isolationLevel} is not supported: DuckDB runs every transaction with snapshot isolation. Use Unspecified, Snapshot or Serializable.");
        }

        CheckReadyForCommand();
        if (CurrentTransaction is not null)
        {
            throw new InvalidOperationException("A transaction is already in progress on this connection; DuckDB has no nested transactions.");
        }

        await ExecuteInternalAsync("BEGIN TRANSACTION", async, cancellationToken).ConfigureAwait(false);
        CurrentTransaction = new QuiverTransaction(this, isolationLevel == IsolationLevel.Unspecified ? IsolationLevel.Snapshot : isolationLevel);
        return CurrentTransaction;
    }

    internal async Task ExecuteInternalAsync(string sql, bool async, CancellationToken cancellationToken)
    {
        var command = new QuiverCommand(sql, this, CurrentTransaction);
        if (async)
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            command.ExecuteNonQuery();
        }
    }

    private async Task CloseAsync(bool async)
    {
        if (_state == ConnectionState.Closed)
        {
            return;
        }

        if (CurrentReader is { } reader)
        {
            if (async)
            {
                await reader.CloseAsync().ConfigureAwait(false);
            }
            else
            {
                reader.Close();
            }
        }

        CurrentTransaction?.Completed();
        var connector = _connector;
        _connector = null;
        if (connector is not null)
        {
            Source.Return(connector);
        }

        SetState(ConnectionState.Closed);
    }

    private Connector CheckOpen() => _connector ?? throw new InvalidOperationException("The connection is not open.");

    private void SetState(ConnectionState state)
    {
        var previous = _state;
        _state = state;
        if (previous != state)
        {
            OnStateChange(new StateChangeEventArgs(previous, state));
        }
    }

    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
