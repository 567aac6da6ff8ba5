using System.Diagnostics;
using System.Text;

namespace Quiver.GrpcPeers;

/// <summary>
/// A gRPC server in a child process that prints "LISTENING &lt;port&gt;" when ready, such as grpc-js serving
/// quiver.testing.Shapes (grpc-server.mjs); always stopped on dispose.
/// </summary>
public sealed class PeerServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(string Line, TaskCompletionSource Seen)> _awaited = [];

    private PeerServer(Process process) => _process = process;

    /// <summary>host:port to call.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Everything the server printed.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts grpc-js serving Shapes; with <paramref name="gzip"/> it compresses its responses.</summary>
    public static Task<PeerServer> StartGrpcJsAsync(bool gzip = false) =>
        StartAsync(gzip ? NodePeer.StartInfo("grpc-server.mjs", "--gzip") : NodePeer.StartInfo("grpc-server.mjs"));

    /// <summary>Starts any server process that announces its port the same way.</summary>
    public static async Task<PeerServer> StartAsync(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.RedirectStandardInput = start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start };
        var server = new PeerServer(process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => server._port.TrySetException(new InvalidOperationException($"{start.FileName} exited before it was ready:\n{server.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            server.Address = $"127.0.0.1:{await server._port.Task.WaitAsync(TimeSpan.FromSeconds(30))}";
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Completes when the server prints <paramref name="line"/> (for example "CANCELLED Hang tag").</summary>
    public Task WaitForLineAsync(string line)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Split('\n').Any(l => l.TrimEnd() == line))
            {
                return Task.CompletedTask;
            }

            _awaited.Add((line, seen));
        }

        return seen.Task;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await ChildProcesses.KillAndDisposeAsync(_process);

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            foreach (var (awaited, seen) in _awaited.Where(a => a.Line == line.TrimEnd()))
            {
                seen.TrySetResult();
            }
        }

        if (line.StartsWith("LISTENING ", StringComparison.Ordinal) && int.TryParse(line.AsSpan(10), out var port))
        {
            _port.TrySetResult(port);
        }
    }
}
