using System.Data;
using System.Data.Common;
using Quiver.Data.Internal;
using Quiver.Protocol.V1;

namespace Quiver.Data;

/// <summary>
/// Several commands sent in one Execute call and run in order on the session; each reports its own
/// <see cref="QuiverBatchCommand.RecordsAffected"/>, and an error names the <see cref="QuiverException.BatchCommand"/>
/// that failed (later commands do not run).
/// </summary>
public sealed class QuiverBatch : DbBatch
{
    private QuiverConnection? _connection;
    private int? _timeout;
    private List<QuiverBatchCommand>? _owners;

    /// <summary>An empty batch without a connection.</summary>
    public QuiverBatch()
    {
    }

    /// <summary>An empty batch on <paramref name="connection"/>.</summary>
    public QuiverBatch(QuiverConnection? connection)
    {
        _connection = connection;
    }

    /// <summary>The batch's commands.</summary>
    public new QuiverBatchCommandCollection BatchCommands { get; } = new();

    /// <inheritdoc/>
    public override int Timeout
    {
        get => _timeout ?? _connection?.DefaultCommandTimeout ?? 30;
        set => _timeout = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "Timeout cannot be negative.");
    }

    /// <summary>The connection the batch runs on.</summary>
    public new QuiverConnection? Connection
    {
        get => _connection;
        set => _connection = value;
    }

    /// <summary>The transaction (the connection's current one; kept for ADO.NET compatibility).</summary>
    public new QuiverTransaction? Transaction { get; set; }

    /// <inheritdoc/>
    protected override DbBatchCommandCollection DbBatchCommands => BatchCommands;

    /// <inheritdoc/>
    protected override DbConnection? DbConnection
    {
        get => _connection;
        set => _connection = (QuiverConnection?)value;
    }

    /// <inheritdoc/>
    protected override DbTransaction? DbTransaction
    {
        get => Transaction;
        set => Transaction = (QuiverTransaction?)value;
    }

    /// <summary>Runs the batch and returns a reader over the result sets of its queries.</summary>
    public new QuiverDataReader ExecuteReader(CommandBehavior behavior = CommandBehavior.Default)
        => ExecuteReaderAsync(behavior, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs the batch and returns a reader over the result sets of its queries.</summary>
    public new Task<QuiverDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default)
        => ExecuteReaderAsync(CommandBehavior.Default, async: true, cancellationToken);

    /// <inheritdoc/>
    public override int ExecuteNonQuery() => ExecuteNonQueryAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken = default) => ExecuteNonQueryAsync(async: true, cancellationToken);

    /// <inheritdoc/>
    public override object? ExecuteScalar() => ExecuteScalarAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken = default) => ExecuteScalarAsync(async: true, cancellationToken);

    /// <inheritdoc/>
    public override void Prepare()
    {
    }

    /// <inheritdoc/>
    public override Task PrepareAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc/>
    public override void Cancel() => _connection?.Connector?.CancelAsync("").GetAwaiter().GetResult();

    /// <inheritdoc/>
    protected override DbBatchCommand CreateDbBatchCommand() => new QuiverBatchCommand();

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
            try
            {
                return await reader.DrainAsync(async, cancellationToken).ConfigureAwait(false);
            }
            catch (QuiverException error) when (error.BatchCommand is null)
            {
                error.BatchCommand = CommandOfStatement(error.StatementIndex);
                throw;
            }
        }
    }

    private QuiverBatchCommand? CommandOfStatement(int index) => _owners is { } owners && index < owners.Count ? owners[index] : null;

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
        var connection = _connection ?? throw new InvalidOperationException("The batch has no connection; set Connection first.");
        var connector = connection.CheckReadyForCommand();
        connection.CheckTransaction(Transaction);
        if (BatchCommands.Count == 0)
        {
            throw new InvalidOperationException("The batch has no commands.");
        }

        var request = new ExecuteRequest { OperationId = Guid.NewGuid().ToString("N"), Options = new ExecuteOptions() };
        var owners = _owners = [];
        for (var i = 0; i < BatchCommands.Count; i++)
        {
            var command = BatchCommands[i];
            command.Affected = -1;
            var before = request.Statements.Count;
            StatementBuilder.Add(request.Statements, command.CommandText, command.Parameters);
            owners.AddRange(Enumerable.Repeat(command, request.Statements.Count - before));
        }

        var text = string.Join(";\n", BatchCommands.Select(c => c.CommandText));
        try
        {
            return await CommandRunner.ExecuteAsync(connection, connector, request, behavior, text, Timeout, static _ => { }, async, cancellationToken, (index, rows) =>
            {
                if (index < owners.Count && rows >= 0)
                {
                    owners[index].Affected = Math.Max(0, owners[index].Affected) + rows;
                }
            }).ConfigureAwait(false);
        }
        catch (QuiverException error) when (error.StatementIndex < owners.Count)
        {
            error.BatchCommand = owners[error.StatementIndex];
            throw;
        }
    }
}
