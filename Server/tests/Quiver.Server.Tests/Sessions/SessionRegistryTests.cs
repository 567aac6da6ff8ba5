using Quiver.DuckDb;
using Quiver.Protocol.V1;
using Quiver.Server.Sessions;

namespace Quiver.Server.Tests.Sessions;

/// <summary>Sessions tied to client connections, on a real in-memory DuckDB.</summary>
public sealed class SessionRegistryTests : IDisposable
{
    private static readonly TimeSpan Orphaned = TimeSpan.FromMilliseconds(100);
    private readonly InMemoryDatabase _database = new();
    private readonly SessionRegistry _registry;

    public SessionRegistryTests()
    {
        _registry = new SessionRegistry(1, new ServerOptions { OrphanedSessionTimeout = Orphaned }, _ => _database.Database);
    }

    [Fact]
    public void A_session_whose_connection_closed_is_closed_after_the_timeout_unless_another_connection_uses_it()
    {
        var abandoned = _registry.Open("p", "default", "connection-1");
        var adopted = _registry.Open("p", "default", "connection-1");
        var elsewhere = _registry.Open("p", "default", "connection-2");

        _registry.Resolve(Reference(adopted), "p", "connection-3");
        _registry.ConnectionClosed("connection-1");
        Thread.Sleep(Orphaned * 3);
        _registry.ExpireIdle();

        Assert.Equal(SessionState.Unknown, _registry.StateOf(Reference(abandoned), "p"));
        Assert.Equal(SessionState.Active, _registry.StateOf(Reference(adopted), "p"));
        Assert.Equal(SessionState.Active, _registry.StateOf(Reference(elsewhere), "p"));
    }

    [Fact]
    public void A_call_from_a_new_connection_adopts_an_orphaned_session()
    {
        var session = _registry.Open("p", "default", "connection-1");
        Assert.True(session.Orphan("connection-1", Environment.TickCount64));
        Assert.True(session.IsOrphanedSince(long.MaxValue));

        session.BindTo("connection-2");

        Assert.False(session.IsOrphanedSince(long.MaxValue));
        Assert.False(session.Orphan("connection-1", Environment.TickCount64));
    }

    [Fact]
    public void A_session_running_an_operation_is_not_closed_while_orphaned()
    {
        var running = _registry.Open("p", "default", "connection-1");
        using var operation = running.Begin("op", CancellationToken.None);

        _registry.ConnectionClosed("connection-1");
        Thread.Sleep(Orphaned * 3);
        _registry.ExpireIdle();

        Assert.Equal(SessionState.Active, _registry.StateOf(Reference(running), "p"));
    }

    private SessionRef Reference(Session session) => new() { SessionId = session.Id, Epoch = _registry.Epoch };

    public void Dispose()
    {
        _registry.Dispose();
        _database.Dispose();
    }
}
