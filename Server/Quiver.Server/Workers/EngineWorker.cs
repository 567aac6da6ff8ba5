using System.Diagnostics;
using System.Security.Cryptography;

namespace Quiver.Server.Workers;

/// <summary>
/// One engine process: this server's own binary in worker mode (<c>--worker-tenant</c>), serving one tenant's
/// database on a Unix socket, over the engine link (<see cref="EngineLink"/>), to whoever has the token only this server
/// knows. It stops when its standard input closes, so a
/// server that dies takes its workers with it.
/// </summary>
internal sealed class EngineWorker : IAsyncDisposable
{
    private const string ReadyLine = "Quiver server listening on ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private readonly Process _process;

    private EngineWorker(string tenant, Process process, EngineLinkClient link)
    {
        Tenant = tenant;
        _process = process;
        Link = link;
        Exited = process.WaitForExitAsync();
    }

    public string Tenant { get; }

    public DateTime StartedAt { get; } = DateTime.UtcNow;

    public int ProcessId => _process.Id;

    /// <summary>Calls to the worker.</summary>
    public EngineLinkClient Link { get; }

    /// <summary>Completes when the process has exited, for whatever reason.</summary>
    public Task Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    /// <summary>Why the process ended (exit code or signal), once it has.</summary>
    public string ExitDescription => !HasExited ? "running" : _process.ExitCode > 128 ? $"signal {_process.ExitCode - 128}" : $"exit code {_process.ExitCode}";

    /// <summary>Starts a worker and returns once it listens on <paramref name="socket"/>.</summary>
    public static async Task<EngineWorker> StartAsync(
        string tenant, string socket, IReadOnlyList<string> arguments, int maxMessageBytes, ILogger log, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(EngineWorker).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the server passes applies: not its config file or QUIVER_ variables (its --listen, its tokens file).
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("QUIVER_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        // The token goes in the environment, which other users cannot read, not on the command line (ps).
        start.Environment["QUIVER_TOKEN"] = token;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (e.Data.StartsWith(ReadyLine, StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
            else if (!ready.Task.IsCompleted)
            {
                output.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                output.Enqueue(line);
                log.LogWarning("Engine process of tenant '{Tenant}': {Line}", tenant, line);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new IOException(
            $"The engine process of tenant '{tenant}' exited before it was ready: {string.Join(" | ", output.TakeLast(5))}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }

        var worker = new EngineWorker(tenant, process, new EngineLinkClient(socket, $"Bearer {token}", maxMessageBytes));
        // Connected and its call path compiled before a session needs it: the first session then pays neither.
        using (var opening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            opening.CancelAfter(StartTimeout);
            try
            {
                var warmUp = await worker.Link.CallAsync(LinkMethod.OpenSession,
                    new Protocol.V1.OpenSessionRequest { MinProtocolVersion = 1, MaxProtocolVersion = 1, ClientName = "engine warm-up" },
                    Protocol.V1.OpenSessionResponse.Parser, opening.Token);
                await worker.Link.CallAsync(LinkMethod.CloseSession, new Protocol.V1.CloseSessionRequest { Session = warmUp.Session },
                    Protocol.V1.CloseSessionResponse.Parser, opening.Token);
            }
            catch (Exception error) when (error is global::Grpc.Core.RpcException or OperationCanceledException or IOException or InvalidDataException)
            {
                await worker.DisposeAsync();
                throw new IOException($"The engine process of tenant '{tenant}' started but did not answer: {error.Message}", error);
            }
        }

        return worker;
    }

    /// <summary>Stops the worker: its standard input closes, it shuts down cleanly (checkpoint), or is killed after a while.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            try
            {
                _process.StandardInput.Close();
                await Exited.WaitAsync(StopTimeout);
            }
            catch (Exception error) when (error is TimeoutException or IOException or InvalidOperationException)
            {
                Kill(_process);
            }
        }

        Link.Dispose();
        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
