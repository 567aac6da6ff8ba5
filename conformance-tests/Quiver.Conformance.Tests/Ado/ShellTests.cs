using System.Diagnostics;
using System.Reflection;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>The quiver shell against the real server: -c output in each format, and an error's exit code.</summary>
public sealed class ShellTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    private static readonly string Cli = typeof(ShellTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "QuiverCliAssembly").Value!;

    [Fact]
    public async Task Command_option_prints_an_aligned_table_with_a_row_count()
    {
        var (exit, stdout, stderr) = await RunAsync("-c", "SELECT 1 AS id, 'ada' AS name UNION ALL SELECT 22, NULL ORDER BY 1");
        Assert.Equal(0, exit);
        Assert.Equal(" id | name\n----+------\n 1  | ada\n 22 | NULL\n", stdout.Replace("\r", "", StringComparison.Ordinal));
        Assert.Contains("(2 rows)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_and_json_formats_are_for_pipes()
    {
        var csv = await RunAsync("--format", "csv", "-c", "SELECT 1 AS id, 'a,b' AS name, NULL AS missing");
        Assert.True(csv.Exit == 0, csv.Stderr);
        Assert.Equal("id,name,missing\n1,\"a,b\",\n", csv.Stdout.Replace("\r", "", StringComparison.Ordinal));
        var json = await RunAsync("--format", "json", "-c", "SELECT 1 AS id, 'x' AS name, NULL AS missing, 2.5::DECIMAL(3,1) AS d");
        Assert.True(json.Exit == 0, json.Stderr);
        Assert.Equal("{\"id\":1,\"name\":\"x\",\"missing\":null,\"d\":2.5}\n", json.Stdout.Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Errors_print_SQLSTATE_and_exit_1_and_piped_input_runs_statements_in_turn()
    {
        var (exit, _, stderr) = await RunAsync("-c", "SELEC 1");
        Assert.Equal(1, exit);
        Assert.StartsWith("ERROR 42601", stderr, StringComparison.Ordinal); // no terminal control codes into a pipe

        var piped = await RunAsync(["--format", "csv"], "CREATE TEMP TABLE t AS SELECT 7 AS x;\nSELECT x\n  FROM t;\n\\q\n");
        Assert.Equal(0, piped.Exit);
        Assert.Equal("x\n7\n", piped.Stdout.Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_shell_finds_the_local_token_and_a_relative_token_file_in_its_working_directory()
    {
        var directory = Directory.CreateTempSubdirectory("quiver-shell-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(directory, "quiver-data"));
            await File.WriteAllTextAsync(Path.Combine(directory, "quiver-data", "token"), fixture.Server.Token + "\n");
            await File.WriteAllTextAsync(Path.Combine(directory, "my.token"), fixture.Server.Token);
            string[] address = ["-h", fixture.Server.Address.Host, "-p", fixture.Server.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)];

            var local = await RunAsync([.. address, "--format", "csv", "-c", "SELECT 1 AS one"], null, directory, connectionString: null);
            Assert.True(local.Exit == 0, local.Stderr);
            Assert.Equal("one\n1\n", local.Stdout.Replace("\r", "", StringComparison.Ordinal));

            var file = await RunAsync([.. address, "--token-file", "my.token", "--format", "csv", "-c", "SELECT 2 AS two"], null, directory, connectionString: null);
            Assert.True(file.Exit == 0, file.Stderr);

            File.Delete(Path.Combine(directory, "quiver-data", "token"));
            var none = await RunAsync([.. address, "-c", "SELECT 1"], null, directory, connectionString: null);
            Assert.NotEqual(0, none.Exit);
            Assert.Contains(Path.Combine(directory, "quiver-data", "token"), none.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(args, null);

    private Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args, string? input)
        => RunAsync(args, input, Environment.CurrentDirectory, fixture.ConnectionString);

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args, string? input, string workingDirectory, string? connectionString)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        start.Environment.Remove("QUIVER_TOKEN");
        start.ArgumentList.Add(Cli);
        if (connectionString is not null)
        {
            start.ArgumentList.Add("-C");
            start.ArgumentList.Add(connectionString);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
