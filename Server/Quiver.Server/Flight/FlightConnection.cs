using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Connections.Features;
using Quiver.Protocol.V1;

namespace Quiver.Server.Flight;

/// <summary>
/// What the server keeps for one Flight SQL client connection: its Quiver session and its prepared statements. It
/// lives in the connection's items, so it ends with the connection.
/// </summary>
internal sealed class FlightConnection
{
    /// <summary>Prepared statements one connection may hold at once.</summary>
    public const int MaxPreparedStatements = 1024;

    private const string Item = "quiver.flight.connection";
    private readonly Dictionary<string, PreparedStatement> _prepared = new(StringComparer.Ordinal);
    private readonly Dictionary<ByteString, string> _running = [];

    private FlightConnection(string principal) => Principal = principal;

    public string Principal { get; }

    public SessionRef? Session { get; set; }

    /// <summary>Held while the session is looked up or opened.</summary>
    public SemaphoreSlim Opening { get; } = new(1, 1);

    private readonly Lock _transactionGate = new();

    /// <summary>The id of the transaction open on this connection (Flight SQL's BeginTransaction), or null.</summary>
    public ByteString? Transaction { get; private set; }

    public ByteString BeginTransaction()
    {
        lock (_transactionGate)
        {
            if (Transaction is not null)
            {
                throw new RpcException(new global::Grpc.Core.Status(StatusCode.FailedPrecondition,
                    "A transaction is already open on this connection; end it (EndTransaction) before beginning another."));
            }

            return Transaction = ByteString.CopyFrom(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        }
    }

    public void ForgetTransaction()
    {
        lock (_transactionGate)
        {
            Transaction = null;
        }
    }

    public void EndTransaction(ByteString id)
    {
        lock (_transactionGate)
        {
            CheckTransaction(id);
            Transaction = null;
        }
    }

    /// <summary>
    /// A command runs in the transaction it names, which must be this connection's open one; a command naming none is
    /// refused while a transaction is open, since Flight SQL runs it auto-committed and the session cannot do both.
    /// </summary>
    public void CheckTransaction(ByteString? given)
    {
        var open = Transaction;
        if (given is not null && !given.Equals(open))
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.NotFound,
                "The transaction_id names no transaction open on this connection (ended, or begun on another connection)."));
        }

        if (given is null && open is not null)
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.FailedPrecondition,
                "A transaction is open on this connection: pass its transaction_id, or end it, to run other commands."));
        }
    }

    /// <summary>
    /// The connection's state for <paramref name="principal"/>: each principal that calls on a connection has its own
    /// session and statements there, never another's.
    /// </summary>
    public static FlightConnection Of(HttpContext context, string principal)
    {
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is null)
        {
            return new FlightConnection(principal);
        }

        // Kestrel's connection items are a plain dictionary, and a connection's calls run concurrently.
        lock (items)
        {
            var key = (Item, principal);
            if (items.TryGetValue(key, out var kept) && kept is FlightConnection connection)
            {
                return connection;
            }

            var fresh = new FlightConnection(principal);
            items[key] = fresh;
            return fresh;
        }
    }

    /// <summary>Notes that <paramref name="ticket"/>'s DoGet runs as <paramref name="operationId"/>, for CancelFlightInfo.</summary>
    public IDisposable Running(ByteString ticket, string operationId)
    {
        lock (_running)
        {
            _running[ticket] = operationId;
        }

        return new Finished(this, ticket, operationId);
    }

    /// <summary>The operation redeeming <paramref name="ticket"/> right now, or null.</summary>
    public string? OperationOf(ByteString ticket)
    {
        lock (_running)
        {
            return _running.GetValueOrDefault(ticket);
        }
    }

    private sealed class Finished(FlightConnection connection, ByteString ticket, string operationId) : IDisposable
    {
        public void Dispose()
        {
            lock (connection._running)
            {
                if (connection._running.GetValueOrDefault(ticket) == operationId)
                {
                    connection._running.Remove(ticket);
                }
            }
        }
    }

    public ByteString Prepare(string sql, ByteString? transaction)
    {
        lock (_prepared)
        {
            if (_prepared.Count >= MaxPreparedStatements)
            {
                throw new RpcException(new global::Grpc.Core.Status(StatusCode.ResourceExhausted,
                    $"This connection holds {MaxPreparedStatements} prepared statements, the most it may; close some (ClosePreparedStatement)."));
            }

            var handle = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            _prepared[handle] = new PreparedStatement(sql) { Transaction = transaction };
            return ByteString.CopyFromUtf8(handle);
        }
    }

    public PreparedStatement Prepared(ByteString handle)
    {
        lock (_prepared)
        {
            return _prepared.TryGetValue(handle.ToStringUtf8(), out var statement)
                ? statement
                : throw new RpcException(new global::Grpc.Core.Status(StatusCode.NotFound,
                    "The prepared statement handle is unknown on this connection (closed, or prepared on another connection)."));
        }
    }

    public void Close(ByteString handle)
    {
        lock (_prepared)
        {
            _prepared.Remove(handle.ToStringUtf8());
        }
    }
}

/// <summary>A prepared statement's SQL and the parameter values last bound to it (an Arrow IPC stream of one row).</summary>
internal sealed class PreparedStatement(string sql)
{
    public string Sql { get; } = sql;

    /// <summary>The transaction its executions run in (null: auto-committed).</summary>
    public ByteString? Transaction { get; init; }

    public ByteString Parameters { get; set; } = ByteString.Empty;

    public Statement Statement => new() { Sql = Sql, Parameters = Parameters };
}
