using System.Diagnostics;
using System.Reflection;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>The quiver shell against the real server through pipes: formats, errors, scripts, backslash commands, the local token.</summary>
public sealed class ShellTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    private static readonly string Cli = typeof(ShellTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "QuiverCliAssembly").Value!;

    [Fact]
    public async Task Command_option_prints_an_aligned_table_with_a_row_count()
    {
        var (exit, stdout, stderr) = await RunAsync("-c", "SELECT 1 AS id, 'ada' AS name UNION ALL SELECT 22, NULL ORDER BY 1");
        Assert.Equal(0, exit);
        Assert.Equal(" id | name\n----+------\n  1 | ada\n 22 | NULL\n", stdout.Replace("\r", "", StringComparison.Ordinal));
        Assert.Contains("(2 rows)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Booleans_print_as_true_and_false_as_in_the_duckdb_shell()
    {
        var (exit, stdout, _) = await RunAsync("-c", "SELECT true AS yes, false AS no");
        Assert.Equal(0, exit);
        Assert.Equal(" yes  | no\n------+-------\n true | false\n", stdout.Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Csv_and_json_formats_are_for_pipes()
    {
        var csv = await RunAsync("--format", "csv", "-c", "SELECT 1 AS id, 'a,b' AS name, NULL AS missing");
        Assert.True(csv.Exit == 0, csv.Stderr);
        Assert.Equal("id,name,missing\n1,\"a,b\",\n", csv.Stdout.Replace("\r", "", StringComparison.Ordinal));
        var jsonl = await RunAsync("--format", "jsonl", "-c", "SELECT 1 AS id, 'x' AS name, NULL AS missing, 2.5::DECIMAL(3,1) AS d");
        Assert.True(jsonl.Exit == 0, jsonl.Stderr);
        Assert.Equal("{\"id\":1,\"name\":\"x\",\"missing\":null,\"d\":2.5}\n", jsonl.Stdout.Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_is_one_array_document_with_natural_values_and_no_crash_on_NaN_or_infinity()
    {
        var json = await RunAsync("--format", "json", "-c",
            "SELECT x AS n, 'NaN'::DOUBLE AS nan, '-Infinity'::DOUBLE AS minus, DATE '2024-02-29' AS d, TIMESTAMP '2024-02-29 13:14:15.5' AS ts, "
            + "TIMESTAMPTZ '2024-02-29 13:14:15+00' AS tz, INTERVAL '1 year 2 days 3 hours' AS iv, [1, NULL, 3] AS l, {'a': 1, 'b': 'x'} AS s, "
            + "MAP {'k': 2} AS m, '\\x01\\x02'::BLOB AS b, TIME '01:02:03' AS t FROM range(2) r(x)");
        Assert.True(json.Exit == 0, json.Stderr);
        using var document = System.Text.Json.JsonDocument.Parse(json.Stdout);
        var rows = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        var row = rows[1];
        Assert.Equal(1, row.GetProperty("n").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, row.GetProperty("nan").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, row.GetProperty("minus").ValueKind);
        Assert.Equal("2024-02-29", row.GetProperty("d").GetString());
        Assert.Equal("2024-02-29T13:14:15.5", row.GetProperty("ts").GetString());
        Assert.Equal("2024-02-29T13:14:15Z", row.GetProperty("tz").GetString());
        Assert.Equal("P1Y2DT3H", row.GetProperty("iv").GetString());
        Assert.Equal("[1,null,3]", row.GetProperty("l").GetRawText());
        Assert.Equal("{\"a\":1,\"b\":\"x\"}", row.GetProperty("s").GetRawText());
        Assert.Equal("{\"k\":2}", row.GetProperty("m").GetRawText());
        Assert.Equal("AQI=", row.GetProperty("b").GetString());
        Assert.Equal("01:02:03", row.GetProperty("t").GetString());
        var empty = await RunAsync("--format", "json", "-c", "SELECT 1 AS x WHERE false");
        Assert.Equal("[]", empty.Stdout.Trim());
        var table = await RunAsync("-c", "SELECT 'NaN'::DOUBLE AS x UNION ALL SELECT 1.5 ORDER BY 1");
        Assert.True(table.Exit == 0, table.Stderr);
    }

    [Fact]
    public async Task Tables_right_align_numbers_and_errors_point_at_the_position()
    {
        var table = await RunAsync("-c", "SELECT 1.5 AS amount, 'ab' AS name UNION ALL SELECT 100.25, 'c' ORDER BY 1");
        Assert.Equal(" amount | name\n--------+------\n   1.50 | ab\n 100.25 | c\n", table.Stdout.Replace("\r", "", StringComparison.Ordinal));

        var error = await RunAsync("-c", "SELECT 1 AS a,\n  no_such_function(2) AS b");
        Assert.Equal(1, error.Exit);
        var lines = error.Stderr.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        Assert.StartsWith("ERROR 42883: ", lines[0], StringComparison.Ordinal);
        var at = Array.FindIndex(lines, l => l.StartsWith("LINE 2: ", StringComparison.Ordinal));
        Assert.True(at > 0, error.Stderr);
        Assert.Equal("LINE 2:   no_such_function(2) AS b", lines[at]);
        Assert.Equal(new string(' ', "LINE 2:   ".Length) + "^", lines[at + 1]);
    }

    [Fact]
    public async Task A_script_stops_at_its_first_error_unless_told_to_go_on()
    {
        const string script = "SELECT 1 AS one;\nSELEC 2;\nSELECT 3 AS three;\n";
        var piped = await RunAsync(["--format", "csv"], script);
        Assert.Equal(1, piped.Exit);
        Assert.Equal("one\n1\n", piped.Stdout.Replace("\r", "", StringComparison.Ordinal));
        Assert.Contains("ERROR 42601", piped.Stderr, StringComparison.Ordinal);

        var going = await RunAsync(["--format", "csv", "--continue-on-error"], script);
        Assert.Equal(1, going.Exit);
        Assert.Equal("one\n1\nthree\n3\n", going.Stdout.Replace("\r", "", StringComparison.Ordinal));

        var file = Path.Combine(Directory.CreateTempSubdirectory("quiver-shell-script-").FullName, "script.sql");
        await File.WriteAllTextAsync(file, script);
        var fromFile = await RunAsync("--format", "csv", "-f", file);
        Assert.Equal(1, fromFile.Exit);
        Assert.Equal("one\n1\n", fromFile.Stdout.Replace("\r", "", StringComparison.Ordinal));
        Assert.Equal(2, (await RunAsync("-f", file + ".missing")).Exit);
    }

    [Fact]
    public async Task Backslash_commands_toggle_expanded_display_and_timing_list_row_counts_and_reconnect()
    {
        var table = "shell_" + Guid.NewGuid().ToString("N")[..8];
        var run = await RunAsync([],
            $"CREATE TABLE {table} AS SELECT * FROM range(3);\nCREATE TEMP TABLE scratch AS SELECT 1 AS x;\n\\x\nSELECT 1 AS a, 2 AS bee;\n\\x\n\\timing\nSELECT 4 AS four;\n\\d\n\\c\nSELECT * FROM scratch;\n");
        var stdout = run.Stdout.Replace("\r", "", StringComparison.Ordinal);
        Assert.Contains("-[ RECORD 1 ]", stdout, StringComparison.Ordinal);
        Assert.Contains("a   | 1\nbee | 2\n", stdout, StringComparison.Ordinal);
        Assert.Contains(" four\n------\n    4\n", stdout, StringComparison.Ordinal);
        Assert.Matches($@"main\s*\|\s*{table}\s*\|\s*table\s*\|\s*3", stdout);
        Assert.Contains("(1 row)\n", run.Stderr.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal); // timing off: no "Time:"
        Assert.Contains("opened a new session; temp objects and settings are gone", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("scratch", run.Stderr, StringComparison.Ordinal); // the temp table went with the old session
        Assert.Equal(1, run.Exit);
    }

    [Fact]
    public async Task The_shell_finds_a_local_servers_token_from_a_folder_below_it_but_never_sends_it_elsewhere()
    {
        var directory = Directory.CreateTempSubdirectory("quiver-shell-up-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(directory, "quiver-data"));
            await File.WriteAllTextAsync(Path.Combine(directory, "quiver-data", "token"), fixture.Server.Token + "\n");
            var below = Directory.CreateDirectory(Path.Combine(directory, "src", "deeper")).FullName;
            string[] address = ["-h", fixture.Server.Address.Host, "-p", fixture.Server.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            var local = await RunAsync([.. address, "--format", "csv", "-c", "SELECT 5 AS five"], null, below, connectionString: null);
            Assert.True(local.Exit == 0, local.Stderr);
            Assert.Equal("five\n5\n", local.Stdout.Replace("\r", "", StringComparison.Ordinal));

            // A host that is not this machine gets no local token: the connection fails for want of one, before any call.
            var remote = await RunAsync(["-h", "192.0.2.1", "-p", "7878", "-c", "SELECT 1"], null, below, connectionString: null);
            Assert.NotEqual(0, remote.Exit);
            Assert.Contains("28000", remote.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
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
