using System.Data;
using System.Data.Common;

namespace Quiver.Data;

/// <summary>A transaction on a <see cref="QuiverConnection"/>'s session. Disposing it without Commit rolls it back.</summary>
public sealed class QuiverTransaction : DbTransaction
{
    private QuiverConnection? _connection;
    private bool _disposed;

    internal QuiverTransaction(QuiverConnection connection, IsolationLevel isolationLevel)
    {
        _connection = connection;
        IsolationLevel = isolationLevel;
    }

    /// <summary>The connection, or null once the transaction is over.</summary>
    public new QuiverConnection? Connection => _connection;

    /// <inheritdoc/>
    public override IsolationLevel IsolationLevel { get; }

    /// <inheritdoc/>
    protected override DbConnection? DbConnection => _connection;

    /// <summary>
    /// Commits. A write-write conflict with another session fails with SQLSTATE 40001 (<c>IsTransient</c>): retry the
    /// transaction. A connection failure during COMMIT fails with 08007 (not transient): the outcome is unknown.
    /// </summary>
    public override void Commit() => EndAsync("COMMIT", async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="Commit"/>
    public override Task CommitAsync(CancellationToken cancellationToken = default) => EndAsync("COMMIT", async: true, cancellationToken);

    /// <inheritdoc/>
    public override void Rollback() => EndAsync("ROLLBACK", async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task RollbackAsync(CancellationToken cancellationToken = default) => EndAsync("ROLLBACK", async: true, cancellationToken);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _connection is { State: ConnectionState.Open })
        {
            Rollback();
        }

        _disposed = true;
        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        if (_connection is { State: ConnectionState.Open })
        {
            await RollbackAsync().ConfigureAwait(false);
        }

        _disposed = true;
    }

    internal void Completed()
    {
        if (_connection is { } connection && ReferenceEquals(connection.CurrentTransaction, this))
        {
            connection.CurrentTransaction = null;
        }

        _connection = null;
    }

    private async Task EndAsync(string sql, bool async, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = _connection ?? throw new InvalidOperationException("The transaction has already been committed or rolled back.");
        try
        {
            await connection.ExecuteInternalAsync(sql, async, cancellationToken).ConfigureAwait(false);
        }
        catch (QuiverException lost) when (sql == "COMMIT" && lost.SqlState.StartsWith("08", StringComparison.Ordinal))
        {
            // The connection broke after COMMIT was sent: the server may have applied it (seen in kills mid-stream), so
            // a blind retry could apply the transaction's work twice. SQLSTATE 08007: transaction resolution unknown.
            throw new QuiverException(
                "The connection failed during COMMIT, so whether the transaction was committed is unknown; check its effects before running it again.",
                "08007", QuiverErrorClass.Session, lost) { Transient = false };
        }
        finally
        {
            Completed();
        }
    }
}
