using System.Diagnostics;
using System.Text;

namespace Quiver.GrpcPeers;

/// <summary>
/// A grpc-js server for quiver.testing.Shapes (grpc-server.mjs) on a free loopback port; always stopped on dispose.
/// </summary>
public sealed class GrpcJsServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(string Line, TaskCompletionSource Seen)> _awaited = [];

    private GrpcJsServer(Process process) => _process = process;

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

    /// <summary>Starts the server; with <paramref name="gzip"/> it compresses its responses.</summary>
    public static async Task<GrpcJsServer> StartAsync(bool gzip = false)
    {
        var process = new Process { StartInfo = gzip ? NodePeer.StartInfo("grpc-server.mjs", "--gzip") : NodePeer.StartInfo("grpc-server.mjs") };
        var server = new GrpcJsServer(process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => server._port.TrySetException(new InvalidOperationException($"grpc-server.mjs exited:\n{server.Output}"));
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
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

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
