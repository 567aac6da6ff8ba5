using Google.Protobuf;
using Grpc.Core;
using System.ComponentModel;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Quiver.Arrow;
using Quiver.Data.Internal;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Data;

/// <summary>
/// A SQL command (one or more statements separated by semicolons) run on a <see cref="QuiverConnection"/>'s session.
/// Only <see cref="CommandType.Text"/> is supported.
/// </summary>
public sealed class QuiverCommand : DbCommand
{
    private readonly QuiverDataSource? _ownSource;
    private QuiverConnection? _connection;
    private string _commandText = "";
    private QuiverDataReader? _reader;
    private int? _commandTimeout;
    private volatile RunningCall? _runningCall;
    private ArrowSchema? _preparedSchema;
    private string? _preparedText;

    /// <summary>A command with no text and no connection.</summary>
    public QuiverCommand()
    {
    }

    /// <summary>A command with text, on a connection.</summary>
    public QuiverCommand(string? commandText, QuiverConnection? connection = null, QuiverTransaction? transaction = null)
    {
        CommandText = commandText;
        _connection = connection;
        Transaction = transaction;
    }

    internal QuiverCommand(string? commandText, QuiverDataSource source)
    {
        CommandText = commandText;
        _ownSource = source;
    }

    /// <inheritdoc/>
    [AllowNull]
    public override string CommandText
    {
        get => _commandText;
        set
        {
            ThrowIfReaderOpen(nameof(CommandText));
            _commandText = value ?? "";
            _preparedSchema = null;
            _preparedText = null;
        }
    }

    /// <summary>Seconds a command may wait for its results (0: no limit); defaults to the connection string's Command Timeout.</summary>
    public override int CommandTimeout
    {
        get => _commandTimeout ?? _connection?.DefaultCommandTimeout ?? _ownSource?.Settings.CommandTimeout ?? 30;
        set => _commandTimeout = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "CommandTimeout cannot be negative.");
    }

    /// <inheritdoc/>
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new NotSupportedException($"Quiver runs SQL text only; CommandType.{value} is not supported.");
            }
        }
    }

    /// <inheritdoc/>
    [DefaultValue(true)]
    [DesignerSerializationVisibility(DesignerSerializationVisibility.Hidden)]
    public override bool DesignTimeVisible { get; set; } = true;

    /// <inheritdoc/>
    public override UpdateRowSource UpdatedRowSource { get; set; } = UpdateRowSource.None;

    /// <summary>The connection the command runs on.</summary>
    public new QuiverConnection? Connection
    {
        get => _connection;
        set
        {
            ThrowIfReaderOpen(nameof(Connection));
            _connection = value;
        }
    }

    /// <summary>The command's parameters.</summary>
    public new QuiverParameterCollection Parameters { get; } = new();

    /// <summary>The transaction the command runs in (the connection's current one; kept for ADO.NET compatibility).</summary>
    public new QuiverTransaction? Transaction { get; set; }

    // The reader this command returned last: while it is open, the command's text and connection stay as they ran.
    private void ThrowIfReaderOpen(string property)
    {
        if (_reader is { IsClosed: false })
        {
            throw new InvalidOperationException($"{property} cannot change while a data reader of this command is open; close the reader first.");
        }
    }

    /// <summary>
    /// Parameter values already encoded as Arrow IPC streams of one row each (the ADBC driver binds Arrow data as it
    /// came): the text, one statement with <c>?</c> or <c>$n</c> placeholders, runs once per set, all in one call.
    /// </summary>
    internal IReadOnlyList<ByteString>? ArrowParameterSets { get; set; }

    private void AddStatements(ICollection<Statement> statements)
    {
        if (ArrowParameterSets is not { } sets)
        {
            StatementBuilder.Add(statements, _commandText, Parameters);
            return;
        }

        foreach (var set in sets)
        {
            statements.Add(new Statement { Sql = _commandText, Parameters = set });
        }
    }

    /// <summary>The statement's parameter schema as DuckDB's prepare gives it (an IPC schema message; empty when it has none).</summary>
    internal async Task<ByteString> DescribeParametersAsync(CancellationToken cancellationToken)
    {
        var connector = _connection?.CheckReadyForCommand() ?? throw new InvalidOperationException("The command has no connection; set Connection first.");
        var described = await connector.WhenIdleAsync(
            async token =>
            {
                try
                {
                    return await connector.DescribeAsync(_commandText, token).ConfigureAwait(false);
                }
                catch (RpcException failure)
                {
                    throw Errors.From(failure, _commandText);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return described.ParameterSchema;
    }

    /// <summary>The statement's parameters as an Apache.Arrow schema (no fields when it has none), read by Quiver's Arrow reader.</summary>
    internal async Task<Apache.Arrow.Schema> DescribeParameterSchemaAsync(CancellationToken cancellationToken)
    {
        var bytes = await DescribeParametersAsync(cancellationToken).ConfigureAwait(false);
        if (bytes.IsEmpty)
        {
            return new Apache.Arrow.Schema([], null);
        }

        using var reader = new Quiver.Arrow.ArrowStreamReader(new MemoryStream(bytes.ToByteArray()));
        return Arrow.ApacheArrowViews.Schema(reader.ReadSchema());
    }

    /// <summary>Whether <see cref="Prepare"/> has described the current text.</summary>
    public bool IsPrepared => _preparedText == _commandText && _preparedText is not null;

    /// <inheritdoc/>
    protected override DbConnection? DbConnection
    {
        get => _connection;
        set => Connection = (QuiverConnection?)value;
    }

    /// <inheritdoc/>
    protected override DbParameterCollection DbParameterCollection => Parameters;

    /// <inheritdoc/>
    protected override DbTransaction? DbTransaction
    {
        get => Transaction;
        set => Transaction = (QuiverTransaction?)value;
    }

    /// <summary>A new parameter.</summary>
    public new QuiverParameter CreateParameter() => new();

    /// <inheritdoc/>
    protected override DbParameter CreateDbParameter() => CreateParameter();

    /// <summary>
    /// Asks the server to stop the running command; the command then fails with SQLSTATE 57014. Does nothing when no
    /// command runs.
    /// </summary>
    public override void Cancel()
    {
        _runningCall?.Cancel();
    }

    /// <summary>Checks the statement with the server (syntax, names, result columns) without running it.</summary>
    public override void Prepare() => PrepareCoreAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task PrepareAsync(CancellationToken cancellationToken = default) => PrepareCoreAsync(cancellationToken);

    /// <inheritdoc/>
    public override int ExecuteNonQuery() => ExecuteNonQueryAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => ExecuteNonQueryAsync(async: true, cancellationToken);

    /// <inheritdoc/>
    public override object? ExecuteScalar() => ExecuteScalarAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => ExecuteScalarAsync(async: true, cancellationToken);

    /// <summary>Runs the command and returns a reader over its results.</summary>
    public new QuiverDataReader ExecuteReader(CommandBehavior behavior = CommandBehavior.Default)
        => ExecuteReaderAsync(behavior, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs the command and returns a reader over its results.</summary>
    public new Task<QuiverDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default)
        => ExecuteReaderAsync(CommandBehavior.Default, async: true, cancellationToken);

    /// <summary>
    /// Runs the command and returns its first result set as Apache.Arrow record batches (<see cref="QuiverArrowStream"/>);
    /// a command without a result set gives a stream with no fields and no batches.
    /// </summary>
    public async Task<QuiverArrowStream> ExecuteArrowStreamAsync(CancellationToken cancellationToken = default)
        => new(await ExecuteReaderAsync(CommandBehavior.SingleResult, async: true, cancellationToken).ConfigureAwait(false));

    /// <summary>Runs the command and returns a reader over its results.</summary>
    public new Task<QuiverDataReader> ExecuteReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken = default)
        => ExecuteReaderAsync(behavior, async: true, cancellationToken);

    /// <inheritdoc/>
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => ExecuteReader(behavior);

    /// <inheritdoc/>
    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        => await ExecuteReaderAsync(behavior, async: true, cancellationToken).ConfigureAwait(false);

    private async Task<int> ExecuteNonQueryAsync(bool async, CancellationToken cancellationToken)
    {
        var reader = await ExecuteReaderAsync(CommandBehavior.Default, async, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.DrainAsync(async, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<object?> ExecuteScalarAsync(bool async, CancellationToken cancellationToken)
    {
        var reader = await ExecuteReaderAsync(CommandBehavior.Default, async, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.FirstValueAsync(async, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<QuiverDataReader> ExecuteReaderAsync(CommandBehavior behavior, bool async, CancellationToken cancellationToken)
    {
        var connection = _connection;
        if (connection is null && _ownSource is not null)
        {
            connection = _ownSource.CreateConnection();
            if (async)
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                connection.Open();
            }
            behavior |= CommandBehavior.CloseConnection;
        }

        var connector = connection?.CheckReadyForCommand() ?? throw new InvalidOperationException("The command has no connection; set Connection first.");
        if (_ownSource is null)
        {
            connection!.CheckTransaction(Transaction);
        }

        var baseColumns = (behavior & CommandBehavior.KeyInfo) != 0
            ? await KeyInfoResolver.ResolveAsync(connection!, SingleStatementSql(), async, cancellationToken).ConfigureAwait(false)
            : null;
        if ((behavior & CommandBehavior.SchemaOnly) != 0)
        {
            var schema = await DescribeAsync(connector, cancellationToken).ConfigureAwait(false);
            _reader = QuiverDataReader.SchemaOnly(connection!, behavior, schema);
            _reader.SetBaseColumns(baseColumns);
            return _reader;
        }

        var request = new ExecuteRequest
        {
            OperationId = Guid.NewGuid().ToString("N"),
            Options = new ExecuteOptions { MaxRows = (behavior & CommandBehavior.SingleRow) != 0 ? 1UL : 0UL },
        };
        AddStatements(request.Statements);
        // Registered before the call starts, so that a Cancel() arriving while the call is still being set up is kept.
        var call = new RunningCall(connector, request.OperationId);
        _runningCall = call;
        try
        {
            _reader = await CommandRunner.ExecuteAsync(
                connection!, connector, request, behavior, _commandText, CommandTimeout, id =>
                {
                    if (id is null)
                    {
                        _runningCall = null;
                    }
                    else
                    {
                        call.Started();
                    }
                },
                async, cancellationToken).ConfigureAwait(false);
            _reader.SetBaseColumns(baseColumns);
            return _reader;
        }
        catch
        {
            _runningCall = null;
            throw;
        }
    }

    // The text DuckDB parses for KeyInfo: placeholders as DuckDB writes them; several statements are parsed as several.
    private string SingleStatementSql()
    {
        var statements = new List<Statement>();
        AddStatements(statements);
        return statements.Count == 1 ? statements[0].Sql : _commandText;
    }

    private async Task PrepareCoreAsync(CancellationToken cancellationToken)
    {
        var connector = _connection?.CheckReadyForCommand() ?? throw new InvalidOperationException("The command has no connection; set Connection first.");
        _preparedSchema = await DescribeAsync(connector, cancellationToken).ConfigureAwait(false);
        _preparedText = _commandText;
    }

    private async Task<ArrowSchema?> DescribeAsync(Connector connector, CancellationToken cancellationToken)
    {
        if (IsPrepared)
        {
            return _preparedSchema;
        }

        var statements = new List<Statement>();
        AddStatements(statements);
        var described = await connector.WhenIdleAsync(
            async token =>
            {
                try
                {
                    return await connector.DescribeAsync(statements[0].Sql, token).ConfigureAwait(false);
                }
                catch (RpcException failure)
                {
                    throw Errors.From(failure, _commandText);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return described.ResultSchema.IsEmpty ? null : new ArrowIpcDecoder().Decode(described.ResultSchema.Memory).Schema;
    }

    /// <summary>
    /// An Execute call of this command. A cancel before the server has the operation (it would not know the id yet) is
    /// held and sent once the call has started.
    /// </summary>
    private sealed class RunningCall(Connector connector, string operationId)
    {
        private const int Pending = 0, Running = 1, CancelHeld = 2;
        private int _state;

        public void Started()
        {
            if (Interlocked.Exchange(ref _state, Running) == CancelHeld)
            {
                _ = connector.CancelAsync(operationId);
            }
        }

        public void Cancel()
        {
            if (Interlocked.CompareExchange(ref _state, CancelHeld, Pending) != Pending)
            {
                connector.CancelAsync(operationId).GetAwaiter().GetResult();
            }
        }
    }
}
