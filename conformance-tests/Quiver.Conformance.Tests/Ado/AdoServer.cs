using Quiver.Data;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>A server process for ADO.NET tests, with connection strings that reach it.</summary>
public sealed class AdoServer : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    /// <summary>Host, port and token; pooling on (a pool of its own per distinct string).</summary>
    public string ConnectionString => ConnectionStringWith();

    public async Task InitializeAsync() => Server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        QuiverConnection.ClearAllPools();
        await Server.DisposeAsync();
    }

    public string ConnectionStringWith(string extra = "")
        => $"Host={Server.Address.Host};Port={Server.Address.Port};Token={Server.Token};Application Name=conformance{(extra.Length > 0 ? ";" + extra : "")}";

    public QuiverConnection Open(string extra = "")
    {
        var connection = new QuiverConnection(ConnectionStringWith(extra));
        connection.Open();
        return connection;
    }

    public async Task<QuiverConnection> OpenAsync(string extra = "")
    {
        var connection = new QuiverConnection(ConnectionStringWith(extra));
        await connection.OpenAsync();
        return connection;
    }
}
