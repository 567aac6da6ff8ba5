using Quiver.Data;

namespace Quiver.Odbc;

/// <summary>
/// A connection handle: one Quiver.Data connection (a server session, pooled by Quiver.Data), its autocommit mode and
/// the transaction that autocommit-off opens with the first statement and SQLEndTran ends.
/// </summary>
internal sealed partial class OdbcConnection(OdbcEnvironment environment) : OdbcHandle
{
    public OdbcEnvironment Environment { get; } = environment;

    public QuiverConnection? Connection { get; private set; }

    public List<OdbcStatement> Statements { get; } = [];

    public bool AutoCommit { get; private set; } = true;

    public int LoginTimeout { get; set; }

    public int ConnectionTimeout { get; set; }

    public bool ReadOnly { get; set; }

    public string ConnectionStringIn { get; private set; } = "";

    public string DataSourceName { get; private set; } = "";

    public string ServerName { get; private set; } = "";

    public string UserName { get; private set; } = "";

    public bool Dead => Connection is null || Connection.State != System.Data.ConnectionState.Open;

    private QuiverTransaction? _transaction;

    public QuiverConnection Open => Connection ?? throw new OdbcException("08003", "The connection is not open.");

    public void Connect(string connectionString)
    {
        if (Connection is not null)
        {
            throw new OdbcException("08002", "The connection is already open.");
        }

        var pairs = ConnectionString.Parse(connectionString);
        var quiver = new QuiverConnectionStringBuilder(ConnectionString.ToQuiver(pairs, Diagnostics));
        if (LoginTimeout > 0)
        {
            quiver.Timeout = LoginTimeout;
        }

        var connection = new QuiverConnection(quiver.ConnectionString);
        try
        {
            connection.Open();
        }
        catch (QuiverException failure) when (failure.SqlState is "08001" or "08006" or "57P01")
        {
            connection.Dispose();
            throw new OdbcException("08001", $"Client unable to establish connection: {failure.MessageText}");
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        Connection = connection;
        ConnectionStringIn = connectionString;
        DataSourceName = ConnectionString.Find(pairs, "DSN") ?? "";
        ServerName = $"{quiver.Host}:{quiver.Port}";
        UserName = quiver.Username ?? "";
    }

    public void Disconnect()
    {
        if (_transaction is not null)
        {
            throw new OdbcException("25000", "A transaction is open: end it with SQLEndTran before disconnecting.");
        }

        foreach (var statement in Statements.ToArray())
        {
            statement.Close();
        }

        Connection?.Dispose();
        Connection = null;
    }

    /// <summary>The transaction a statement runs in: none with autocommit, else the open one (begun now if needed).</summary>
    public QuiverTransaction? TransactionForStatement()
    {
        if (AutoCommit)
        {
            return null;
        }

        return _transaction ??= Open.BeginTransaction();
    }

    public void SetAutoCommit(bool on)
    {
        if (on && !AutoCommit && _transaction is not null)
        {
            // ODBC: switching autocommit on commits the open transaction.
            EndTransaction(commit: true);
        }

        AutoCommit = on;
    }

    public void EndTransaction(bool commit)
    {
        if (_transaction is null)
        {
            return;
        }

        foreach (var statement in Statements)
        {
            statement.CloseCursor(quiet: true);
        }

        var transaction = _transaction;
        _transaction = null;
        if (commit)
        {
            transaction.Commit();
        }
        else
        {
            transaction.Rollback();
        }

        transaction.Dispose();
    }
}
