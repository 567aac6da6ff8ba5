using System.Diagnostics;
using System.Reflection;

namespace Quiver.Arrow.Tests.Interop;

/// <summary>Runs Interop/interop.mjs (apache-arrow) with node and returns its exit code and output.</summary>
internal static class NodeInterop
{
    private static readonly string Directory = typeof(NodeInterop).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ArrowInteropDirectory").Value!;

    public static (int ExitCode, string Output) Run(string mode, string folder)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(Directory, "interop.mjs"));
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node interop.mjs {mode} did not finish within two minutes.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
