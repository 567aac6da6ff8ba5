namespace Quiver.Conformance.Tests;

/// <summary>One server process shared by a test class whose tests need no special options (each test opens its own sessions).</summary>
public sealed class SharedServer : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
