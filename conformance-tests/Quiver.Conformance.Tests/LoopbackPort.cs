using System.Net;
using System.Net.Sockets;

namespace Quiver.Conformance.Tests;

/// <summary>Loopback ports for tests that must name one before something listens on it.</summary>
public static class LoopbackPort
{
    /// <summary>A port that was free a moment ago (nothing listens on it once this returns).</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
