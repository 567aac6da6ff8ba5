using Apache.Arrow;
using Quiver.Data;

namespace Quiver.Adbc;

/// <summary>
/// An AdbcConnection: one Quiver session (a Quiver.Data connection), in autocommit mode or in a transaction that
/// Commit and Rollback end and renew.
/// </summary>
internal sealed class QuiverAdbcConnection : IDisposable
{
    public const string Autocommit = "adbc.connection.autocommit";
    public const string ReadOnly = "adbc.connection.readonly";
    public const string CurrentCatalog = "adbc.connection.catalog";
    public const string CurrentSchema = "adbc.connection.db_schema";
    public const string IsolationLevel = "adbc.connection.transaction.isolation_level";

    private readonly HashSet<QuiverAdbcStatement> _statements = [];
    private bool _autocommit = true;
    private QuiverConnection? _connection;

    public QuiverConnection Connection => _connection ?? throw AdbcException.InvalidState("The connection is not initialized (call AdbcConnectionInit).");

    public QuiverTransaction? Transaction { get; private set; }

    public void Init(QuiverDatabase database)
    {
        if (_connection is not null)
        {
            throw AdbcException.InvalidState("The connection is already initialized.");
        }

        var connection = new QuiverConnection(database.ConnectionString ?? throw AdbcException.InvalidState("The database is not initialized (call AdbcDatabaseInit)."));
        try
        {
            connection.Open();
            _connection = connection;
            if (!_autocommit)
            {
                Transaction = connection.BeginTransaction();
            }
        }
        catch
        {
            _connection = null;
            connection.Dispose();
            throw;
        }
    }

    public void SetOption(string key, string value)
    {
        switch (key)
        {
            case Autocommit:
                SetAutocommit(QuiverDatabase.Flag(key, value));
                break;
            case ReadOnly when value == "false":
                break;
            case ReadOnly:
                throw AdbcException.NotImplemented("Read-only connections are not supported; the server's tokens decide what a principal may do.");
            case IsolationLevel when value is "adbc.connection.transaction.isolation.default" or "adbc.connection.transaction.isolation.snapshot":
                break;
            case IsolationLevel:
                throw AdbcException.NotImplemented($"Isolation level '{value}' is not supported: DuckDB runs every transaction with snapshot isolation.");
            case CurrentCatalog:
                Run($"USE {Sql.Quote(value)}");
                break;
            case CurrentSchema:
                Run($"USE {Sql.Quote(Scalar("SELECT current_database()"))}.{Sql.Quote(value)}");
                break;
            default:
                throw AdbcException.NotImplemented($"Unknown connection option '{key}'.");
        }
    }

    public string GetOption(string key) => key switch
    {
        Autocommit => _autocommit ? "true" : "false",
        ReadOnly => "false",
        IsolationLevel => "adbc.connection.transaction.isolation.snapshot",
        CurrentCatalog => Scalar("SELECT current_database()"),
        CurrentSchema => Scalar("SELECT current_schema()"),
        _ => throw new AdbcException(Native.AdbcStatus.NotFound, $"Unknown connection option '{key}'."),
    };

    public void Commit() => EndTransaction(commit: true);

    public void Rollback() => EndTransaction(commit: false);

    /// <summary>Cancels whatever the connection's statements are running.</summary>
    public void Cancel()
    {
        lock (_statements)
        {
            foreach (var statement in _statements)
            {
                statement.Cancel();
            }
        }
    }

    public void Add(QuiverAdbcStatement statement)
    {
        lock (_statements)
        {
            _statements.Add(statement);
        }
    }

    public void Remove(QuiverAdbcStatement statement)
    {
        lock (_statements)
        {
            _statements.Remove(statement);
        }
    }

    public QuiverCommand Command(string sql) => new(sql, Connection) { Transaction = Transaction };

    public Schema TableSchema(string? catalog, string? schema, string table)
    {
        var name = string.Join('.', new[] { catalog, schema, table }.Where(part => part is not null).Select(part => Sql.Quote(part!)));
        using var command = Command($"SELECT * FROM {name}");
        using var reader = command.ExecuteReader(System.Data.CommandBehavior.SchemaOnly);
        return reader.GetArrowSchema();
    }

    public void Dispose()
    {
        Transaction?.Dispose();
        Transaction = null;
        _connection?.Dispose();
        _connection = null;
    }

    private void SetAutocommit(bool on)
    {
        if (on == _autocommit)
        {
            return;
        }

        _autocommit = on;
        if (_connection is null)
        {
            return;
        }

        if (on)
        {
            // ADBC: turning autocommit on commits the open transaction.
            Transaction?.Commit();
            Transaction = null;
        }
        else
        {
            Transaction = _connection.BeginTransaction();
        }
    }

    private void EndTransaction(bool commit)
    {
        if (_autocommit || Transaction is null)
        {
            throw AdbcException.InvalidState("The connection is in autocommit mode; set adbc.connection.autocommit to false first.");
        }

        var ending = Transaction;
        Transaction = null;
        try
        {
            if (commit)
            {
                ending.Commit();
            }
            else
            {
                ending.Rollback();
            }
        }
        finally
        {
            ending.Dispose();
            Transaction = Connection.BeginTransaction();
        }
    }

    private void Run(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private string Scalar(string sql)
    {
        using var command = Command(sql);
        return (string)command.ExecuteScalar()!;
    }
}
