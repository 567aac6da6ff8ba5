using System.Diagnostics;
using System.Text;

namespace Quiver.Conformance.Tests.Packaging;

/// <summary>Runs dotnet (or a program) in a directory outside the repository, as a user would, failing with its output.</summary>
internal static class ChildBuilds
{
    public static Task<string> DotnetAsync(string directory, Dictionary<string, string> environment, TimeSpan timeout, params string[] args)
        => RunAsync("dotnet", directory, environment, timeout, args);

    public static async Task<string> RunAsync(string program, string directory, Dictionary<string, string> environment, TimeSpan stepTimeout, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        // The test host's own MSBuild settings must not leak into the child builds.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "MSBUILD_EXE_PATH" || k == "DOTNET_HOST_PATH").ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(stepTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {stepTimeout}.");
        }

        var output = await stdout;
        Assert.True(process.ExitCode == 0, new StringBuilder($"{program} {string.Join(' ', args)} exited with {process.ExitCode}\n").Append(Tail(output)).Append('\n').Append(Tail(await stderr)).ToString());
        return output;
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
