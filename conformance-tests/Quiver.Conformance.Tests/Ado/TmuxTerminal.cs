using System.Reflection;
using System.Text;
using Quiver.Conformance.Tests.Adbc;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>
/// The quiver shell in a real terminal: a tmux pane of its own (a private tmux server socket per instance), typed into
/// with send-keys and read back with capture-pane. tmux is installed from Debian when missing.
/// </summary>
public sealed class TmuxTerminal : IAsyncDisposable
{
    private static readonly Lazy<Task> Installed = new(() => File.Exists("/usr/bin/tmux") ? Task.CompletedTask : DebianPackages.InstallAsync("the shell's terminal tests drive it through tmux", "tmux"));
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly string _socket = "quiver-test-" + Guid.NewGuid().ToString("N")[..12];

    private TmuxTerminal(string home) => Home = home;

    /// <summary>The HOME the shell runs with (its history file lives there).</summary>
    public string Home { get; }

    public static string Cli => typeof(TmuxTerminal).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "QuiverCliAssembly").Value!;

    /// <summary>Starts <c>quiver -C connectionString</c> in a 120x40 terminal; once it exits the pane prints its exit code.</summary>
    public static async Task<TmuxTerminal> StartAsync(string connectionString, string? home = null)
    {
        await Installed.Value;
        home ??= Directory.CreateTempSubdirectory("quiver-home-").FullName;
        var terminal = new TmuxTerminal(home);
        var command = $"env -u QUIVER_TOKEN HOME={Quote(home)} TERM=xterm-256color dotnet {Quote(Cli)} -C {Quote(connectionString)}; echo QUIVER_EXIT=$?; sleep 600";
        await terminal.TmuxAsync("new-session", "-d", "-s", "shell", "-x", "120", "-y", "40", command);
        await terminal.WaitForAsync("quiver>");
        return terminal;
    }

    /// <summary>Types <paramref name="text"/> as keystrokes (sent as bytes, so that tmux reads no ';' as its own separator).</summary>
    public Task TypeAsync(string text)
        => TmuxAsync(["send-keys", "-t", "shell", "-H", .. Encoding.UTF8.GetBytes(text).Select(b => b.ToString("x2"))]);

    /// <summary>
    /// Presses Enter once <paramref name="shown"/> is on the screen one time more than <paramref name="before"/>: on a
    /// loaded machine an Enter sent right behind typed text was seen to reach the line editor before the text's last
    /// characters, and opened a new line instead of running the statement.
    /// </summary>
    public async Task EnterWhenShownAsync(string shown, int before)
    {
        await WaitForAsync(shown, before + 1);
        await PressAsync("Enter");
    }

    /// <summary>Types <paramref name="text"/> and presses Enter once the editor shows it.</summary>
    public async Task SubmitAsync(string text)
    {
        var before = Occurrences(await ScreenAsync(), text);
        await TypeAsync(text);
        await EnterWhenShownAsync(text, before);
    }

    /// <summary>Presses keys by tmux name: Enter, Up, Home, C-c, C-d, ...</summary>
    public Task PressAsync(params string[] keys) => TmuxAsync(["send-keys", "-t", "shell", .. keys]);

    /// <summary>The pane's text, scrollback included, lines joined where the terminal wrapped them, without trailing blanks.</summary>
    public async Task<string> ScreenAsync()
        => string.Join('\n', (await TmuxAsync("capture-pane", "-p", "-J", "-S", "-", "-t", "shell")).Split('\n').Select(line => line.TrimEnd())).TrimEnd();

    /// <summary>Waits until the screen holds <paramref name="text"/> <paramref name="times"/> times; returns the screen.</summary>
    public async Task<string> WaitForAsync(string text, int times = 1)
    {
        var deadline = DateTime.UtcNow + Limit;
        string screen;
        do
        {
            screen = await ScreenAsync();
            if (Occurrences(screen, text) >= times)
            {
                return screen;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"The terminal did not show '{text}' {times} time(s) within {Limit.TotalSeconds} s:\n{screen}");
    }

    public static int Occurrences(string screen, string text)
    {
        var count = 0;
        for (var at = screen.IndexOf(text, StringComparison.Ordinal); at >= 0; at = screen.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await TmuxAsync("kill-server");
        Directory.Delete(Home, recursive: true);
    }

    private async Task<string> TmuxAsync(params string[] args)
    {
        var (code, output) = await ProcessRunner.RunAsync("tmux", Limit, null, ["-L", _socket, .. args]);
        if (code != 0 && args[0] != "kill-server")
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed ({code}): {output}");
        }

        return output;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
