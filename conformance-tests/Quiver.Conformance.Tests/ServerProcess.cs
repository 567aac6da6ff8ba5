using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Quiver.GrpcPeers;

namespace Quiver.Conformance.Tests;

/// <summary>
/// The real Quiver server as a child process on a free loopback port (<c>--listen 127.0.0.1:0</c>): started, awaited
/// until it prints its readiness line, and always killed on dispose.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly bool _ownsDataFolder;
    private string? _ownedFile;

    private ServerProcess(Process process, string dataFolder, bool ownsDataFolder)
    {
        _process = process;
        DataFolder = dataFolder;
        _ownsDataFolder = ownsDataFolder;
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>The HTTP admin endpoint's address, when the server was started with --admin-listen.</summary>
    public Uri? AdminAddress { get; private set; }

    public string DataFolder { get; }

    /// <summary>The bearer token clients must send: the one passed with --token, or the one the server generated.</summary>
    public string Token { get; private set; } = "";

    /// <summary>authorization metadata for grpc-js calls.</summary>
    public Dictionary<string, string> AuthorizationMetadata => new() { ["authorization"] = $"Bearer {Token}" };

    /// <summary>host:port, as grpc-js takes it.</summary>
    public string HostAndPort => $"{Address.Host}:{Address.Port}";

    public int ProcessId => _process.Id;

    /// <summary>Waits until the process has exited (after a kill, for example).</summary>
    public Task WaitForExitAsync() => _process.WaitForExitAsync();

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

    public static string ServerAssembly => typeof(ServerProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "QuiverServerAssembly").Value!;

    /// <summary>
    /// Starts a server with a fresh random --token (or, with <paramref name="generateToken"/>, none, so that it makes
    /// its own); a data folder given by the caller is the caller's to remove, a fresh one is removed on dispose.
    /// </summary>
    public static Task<ServerProcess> StartAsync(string? dataFolder = null, bool generateToken = false, params string[] extraArgs)
        => StartCoreAsync(null, dataFolder, generateToken, extraArgs);

    /// <summary>Starts a server (as <see cref="StartAsync"/> does) with extra environment variables.</summary>
    public static Task<ServerProcess> StartWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
        => StartCoreAsync(null, null, false, extraArgs, environment);

    /// <summary>
    /// Starts a server whose principals come from a tokens file holding <paramref name="tokensJson"/>; the file is
    /// removed when the server is disposed.
    /// </summary>
    public static async Task<ServerProcess> StartWithTokensAsync(string tokensJson, params string[] extraArgs)
    {
        var tokens = Path.GetTempFileName();
        await File.WriteAllTextAsync(tokens, tokensJson);
        try
        {
            var server = await StartCoreAsync(null, null, true, ["--tokens-file", tokens, .. extraArgs]);
            server._ownedFile = tokens;
            return server;
        }
        catch
        {
            File.Delete(tokens);
            throw;
        }
    }

    /// <summary>Starts a server as if it had been started from <paramref name="workingDirectory"/> (relative paths resolve there).</summary>
    public static Task<ServerProcess> StartFromAsync(string workingDirectory, string dataFolder, params string[] extraArgs)
        => StartCoreAsync(workingDirectory, dataFolder, false, extraArgs);

    private static async Task<ServerProcess> StartCoreAsync(
        string? workingDirectory, string? dataFolder, bool generateToken, string[] extraArgs, IReadOnlyDictionary<string, string>? environment = null)
    {
        var ownsDataFolder = dataFolder is null;
        dataFolder ??= NewDataFolder();
        var token = generateToken ? null : Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var process = new Process
        {
            StartInfo = StartInfo([
                "--listen", "127.0.0.1:0", "--data", dataFolder, .. token is null ? Array.Empty<string>() : ["--token", token], .. extraArgs]),
        };
        if (workingDirectory is not null)
        {
            process.StartInfo.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            process.StartInfo.Environment[name] = value;
        }

        var server = new ServerProcess(process, dataFolder, ownsDataFolder);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._ready.TrySetException(
            new InvalidOperationException($"The server exited before it was ready:\n{server.Output}"));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            server.Address = await server._ready.Task.WaitAsync(StartTimeout);
            server.Token = token
                ?? (extraArgs.Contains("--tokens-file") ? ""
                : dataFolder == ":memory:" ? PrintedToken().Match(server.Output).Groups[1].Value : await File.ReadAllTextAsync(Path.Combine(dataFolder, "token")));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public static string NewDataFolder() => Path.Combine(Path.GetTempPath(), "quiver-conformance", Guid.NewGuid().ToString("N"));

    /// <summary>Runs the server with the given arguments to completion (for options that make it exit).</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(params string[] args)
    {
        using var process = new Process { StartInfo = StartInfo(args) };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Asks the server to stop as a service manager would (SIGTERM) and waits for it to exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill(SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ChildProcesses.KillAndDisposeAsync(_process);
        }
        finally
        {
            if (_ownsDataFolder && Directory.Exists(DataFolder))
            {
                Directory.Delete(DataFolder, recursive: true);
            }

            if (_ownedFile is not null)
            {
                File.Delete(_ownedFile);
            }
        }
    }

    private static ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerAssembly);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
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
        }

        if (AdminLine().Match(line) is { Success: true } admin)
        {
            AdminAddress = new Uri(admin.Groups[1].Value);
        }

        if (ReadinessLine().Match(line) is { Success: true } match)
        {
            _ready.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"^Quiver server listening on (\S+)")]
    private static partial Regex ReadinessLine();

    [GeneratedRegex(@"^Admin endpoint on (\S+)")]
    private static partial Regex AdminLine();

    [GeneratedRegex(@"authorization: Bearer ([A-Za-z0-9_-]+)'")]
    private static partial Regex PrintedToken();

    private const int SigTerm = 15;

    /// <summary>SIGSTOP (Linux x86-64 and arm64): freezes the process as a hung host would.</summary>
    public const int SigStop = 19;

    /// <summary>SIGCONT: lets a stopped process run again.</summary>
    public const int SigCont = 18;

    /// <summary>Sends a signal to the server process.</summary>
    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
