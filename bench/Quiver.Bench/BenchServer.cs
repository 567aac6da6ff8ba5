using System.Diagnostics;

namespace Quiver.Bench;

/// <summary>Starts the real Quiver server as a child process on a free loopback port, in memory, with a random token.</summary>
internal static class BenchServer
{
    /// <param name="options">Server options added to the defaults, such as <c>--statement-cache 0</c>.</param>
    public static (Process Server, Uri Address, string Token) Start(params string[] options)
    {
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(Quiver.Server.ServerOptions).Assembly.Location, "--listen", "127.0.0.1:0", "--data", ":memory:", "--token", token }.Concat(options))
        {
            start.ArgumentList.Add(arg);
        }

        var server = Process.Start(start)!;
        return (server, WaitForAddress(server), token);
    }

    private static Uri WaitForAddress(Process server)
    {
        const string ready = "Quiver server listening on ";
        while (server.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith(ready, StringComparison.Ordinal))
            {
                return new Uri(line[ready.Length..line.IndexOf(' ', ready.Length)]);
            }
        }

        throw new InvalidOperationException($"The Quiver server exited before it was ready: {server.StandardError.ReadToEnd()}");
    }
}
