using System.Diagnostics;

namespace Quiver.Bench;

/// <summary>Runs a program the harness needs (a build, a compiler, a consumer) to its end and returns its output.</summary>
internal static class ExternalProgram
{
    public static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? stdout
            : throw new InvalidOperationException($"{program} exited with {process.ExitCode}:\n{stdout}\n{stderr.GetAwaiter().GetResult()}");
    }
}
