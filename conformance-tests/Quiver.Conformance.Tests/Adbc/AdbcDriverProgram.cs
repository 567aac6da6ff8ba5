using System.Diagnostics;
using System.Reflection;

namespace Quiver.Conformance.Tests.Adbc;

/// <summary>
/// The published libquiver_adbc and the C test program (c/adbc_driver_test.c, compiled here with gcc and
/// AddressSanitizer) that loads it through AdbcDriverInit, as an ADBC driver manager does, and runs one scenario against
/// a server. AddressSanitizer fails the run on any memory error; of LeakSanitizer's report, only blocks the driver's own
/// code allocated count (NativeAOT's runtime keeps type-loader caches and buffers referenced from its managed heap,
/// which LeakSanitizer cannot scan, so it lists those as lost too).
/// </summary>
public static class AdbcDriverProgram
{
    private static readonly Lazy<Task<string>> Compiled = new(CompileAsync);

    public static string Library => typeof(AdbcDriverProgram).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "QuiverAdbcLibrary").Value!;

    /// <summary>Runs a scenario; returns its output, failing the test with it unless the program passed.</summary>
    public static async Task<string> RunAsync(ServerProcess server, string scenario)
    {
        var program = await Compiled.Value;
        var (exitCode, output) = await ProcessRunner.RunAsync(
            program, TimeSpan.FromMinutes(3), Sanitizers, Library, $"quiver://{server.HostAndPort}", server.Token, scenario, Guid.NewGuid().ToString("N")[..12]);
        Assert.True(exitCode == 0 && output.Contains($"PASS {scenario}", StringComparison.Ordinal), $"adbc_driver_test {scenario} exited with {exitCode}:\n{output}");
        var own = DriverLeaks(output);
        Assert.True(own.Count == 0, $"adbc_driver_test {scenario}: the driver leaked {own.Count} block(s):\n{string.Join("\n\n", own)}");
        return output;
    }

    private static readonly Dictionary<string, string> Sanitizers = new()
    {
        ["ASAN_OPTIONS"] = "detect_leaks=1",
        ["LSAN_OPTIONS"] = "exitcode=0",
    };

    /// <summary>LeakSanitizer's blocks whose allocation the driver's own code made (the frame that called the allocator).</summary>
    public static List<string> DriverLeaks(string output)
    {
        var leaks = new List<string>();
        foreach (var block in output.Split("\n\n"))
        {
            var lines = block.Split('\n');
            if (!lines.Any(line => line.Contains("leak of", StringComparison.Ordinal)))
            {
                continue;
            }

            var caller = lines.FirstOrDefault(line => line.TrimStart().StartsWith("#2 ", StringComparison.Ordinal)) ?? "";
            if (caller.Contains("Quiver_Adbc", StringComparison.Ordinal))
            {
                leaks.Add(block);
            }
        }

        return leaks;
    }

    private static async Task<string> CompileAsync()
    {
        Assert.True(File.Exists(Library), $"{Library} is missing: building the conformance tests publishes it (dotnet publish Adbc/Quiver.Adbc -c Release).");
        var root = typeof(AdbcDriverProgram).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "QuiverRepoRoot").Value!;
        var output = Path.Combine(Path.GetTempPath(), "quiver-adbc-test-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(output);
        var program = Path.Combine(output, "adbc_driver_test");
        var (exitCode, log) = await ProcessRunner.RunAsync(
            "gcc", TimeSpan.FromMinutes(2), null, "-std=c11", "-fsanitize=address", "-fno-omit-frame-pointer", "-D_POSIX_C_SOURCE=200809L", "-Wall", "-Wextra", "-Werror", "-O1", "-g",
            "-I", Path.Combine(root, "Adbc", "c"), "-o", program,
            Path.Combine(root, "conformance-tests", "Quiver.Conformance.Tests", "Adbc", "c", "adbc_driver_test.c"), "-ldl", "-lpthread");
        Assert.True(exitCode == 0, "gcc failed:\n" + log);
        return program;
    }
}

/// <summary>Runs a program to its end within a time limit, with stdout and stderr together.</summary>
public static class ProcessRunner
{
    public static Task<(int ExitCode, string Output)> RunAsync(string program, TimeSpan limit, Dictionary<string, string>? environment, params string[] args)
        => RunWithInputAsync(program, limit, environment, null, args);

    /// <summary>As RunAsync, writing <paramref name="input"/> to the program's standard input and then closing it.</summary>
    public static async Task<(int ExitCode, string Output)> RunWithInputAsync(string program, TimeSpan limit, Dictionary<string, string>? environment, string? input, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null, UseShellExecute = false };
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{program} did not finish within {limit}.\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
