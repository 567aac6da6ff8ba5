namespace Quiver.Conformance.Tests.Ado;

/// <summary>The quiver shell at a real terminal (tmux): line editing, multi-line statements, history, Ctrl-C and Ctrl-D.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ShellTerminalTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    [Fact]
    public async Task Home_and_arrow_keys_edit_the_line_before_it_runs()
    {
        await using var terminal = await TmuxTerminal.StartAsync(fixture.ConnectionString);

        await terminal.TypeAsync("ELECT 5 AS five");
        await terminal.PressAsync("Home");
        await terminal.TypeAsync("S");
        await terminal.PressAsync("End");
        await terminal.TypeAsync("x;");
        await terminal.PressAsync("Left", "BSpace");
        await terminal.EnterWhenShownAsync("quiver> SELECT 5 AS five;", before: 0);
        var screen = await terminal.WaitForAsync("(1 row)");

        Shows(screen, "quiver> SELECT 5 AS five;");
        Shows(screen, " five\n------\n    5");
    }

    [Fact]
    public async Task A_statement_without_a_semicolon_continues_on_the_next_line()
    {
        await using var terminal = await TmuxTerminal.StartAsync(fixture.ConnectionString);

        await terminal.SubmitAsync("SELECT");
        await terminal.WaitForAsync("...>");
        await terminal.SubmitAsync("  99 AS m;");
        var screen = await terminal.WaitForAsync("(1 row)");

        Shows(screen, "quiver> SELECT\n   ...>   99 AS m;");
        Shows(screen, " 99");
    }

    [Fact]
    public async Task Ctrl_C_at_the_prompt_drops_the_typed_line_and_the_shell_carries_on()
    {
        await using var terminal = await TmuxTerminal.StartAsync(fixture.ConnectionString);

        await terminal.TypeAsync("SELECT no_such_column FROM nowhere");
        await terminal.PressAsync("C-c");
        await terminal.WaitForAsync("quiver>", times: 2);
        await terminal.SubmitAsync("SELECT 3 AS three;");
        var screen = await terminal.WaitForAsync("(1 row)");

        Assert.DoesNotContain("ERROR", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("QUIVER_EXIT", screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_while_a_query_runs_cancels_it_and_the_session_stays_usable()
    {
        await using var terminal = await TmuxTerminal.StartAsync(fixture.ConnectionString);

        await terminal.SubmitAsync(ExecuteTests.LongQuery + ";");
        await terminal.WaitForAsync("running...");
        await terminal.PressAsync("C-c");
        await terminal.WaitForAsync("Cancelled.");
        await terminal.SubmitAsync("SELECT 4 AS four;");
        var screen = await terminal.WaitForAsync("(1 row)");

        Shows(screen, "    4");
        Assert.DoesNotContain("QUIVER_EXIT", screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_is_kept_in_the_home_folder_and_Up_recalls_it_in_the_next_session()
    {
        string home;
        await using (var first = await TmuxTerminal.StartAsync(fixture.ConnectionString, Directory.CreateTempSubdirectory("quiver-home-").FullName))
        {
            home = first.Home;
            await first.SubmitAsync("SELECT 'remembered' AS word;");
            await first.WaitForAsync("(1 row)");
            await first.PressAsync("C-d");
            await first.WaitForAsync("QUIVER_EXIT=0");

            var file = Path.Combine(home, ".quiver_history");
            Assert.Contains("SELECT 'remembered' AS word;", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

            // The second shell uses the same home; DisposeAsync of the first removes it, so copy it aside first.
            await using var second = await TmuxTerminal.StartAsync(fixture.ConnectionString, CopyOf(home));
            await second.PressAsync("Up");
            await second.EnterWhenShownAsync("quiver> SELECT 'remembered' AS word;", before: 0);
            var screen = await second.WaitForAsync("(1 row)");

            Shows(screen, "quiver> SELECT 'remembered' AS word;");
            Shows(screen, " word\n------------\n remembered");
        }
    }

    [Fact]
    public async Task Ctrl_D_on_an_empty_line_exits_with_code_zero()
    {
        await using var terminal = await TmuxTerminal.StartAsync(fixture.ConnectionString);

        await terminal.PressAsync("C-d");
        var screen = await terminal.WaitForAsync("QUIVER_EXIT=");

        Shows(screen, "QUIVER_EXIT=0");
    }

    [Fact]
    public async Task After_a_server_restart_the_shell_says_so_and_goes_on_in_a_new_session()
    {
        const string token = "restart-token-0123456789abcdef";
        var data = ServerProcess.NewDataFolder();
        try
        {
            var first = await ServerProcess.StartAsync(data, false, "--token", token);
            var port = first.Address.Port;
            await using var terminal = await TmuxTerminal.StartAsync($"Host=127.0.0.1;Port={port};Token={token}");
            await terminal.SubmitAsync("CREATE TEMP TABLE t AS SELECT 1 AS x;");
            await terminal.WaitForAsync("OK  Time");

            await first.TerminateAsync(TimeSpan.FromSeconds(60));
            await first.DisposeAsync();
            await using var second = await ServerProcess.StartAsync(data, false, "--token", token, "--listen", $"127.0.0.1:{port}");
            await terminal.SubmitAsync("SELECT 2 AS two;");
            await terminal.WaitForAsync("Reconnected");
            await terminal.SubmitAsync("SELECT 3 AS three;");
            var screen = await terminal.WaitForAsync("(1 row)");

            Shows(screen, "Reconnected (the server restarted): opened a new session; temp objects and settings are gone.");
            Shows(screen, " three\n-------\n     3");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static void Shows(string screen, string text)
        => Assert.True(screen.Contains(text, StringComparison.Ordinal), $"The terminal does not show '{text}':\n{screen}");

    private static string CopyOf(string home)
    {
        var copy = Directory.CreateTempSubdirectory("quiver-home-").FullName;
        File.Copy(Path.Combine(home, ".quiver_history"), Path.Combine(copy, ".quiver_history"));
        return copy;
    }
}
