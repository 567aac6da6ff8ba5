using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Quiver.Cli;

/// <summary>
/// The statements typed at the terminal, kept in <c>~/.quiver_history</c> (or <c>QUIVER_HISTORY</c>; empty: none),
/// one JSON string per line so that multi-line statements survive; owner-only, since statements may hold secrets.
/// The newest <see cref="MaxEntries"/> are kept.
/// </summary>
internal sealed class CommandHistory
{
    public const int MaxEntries = 1000;
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly string? _path;
    private readonly List<string> _entries = [];

    private CommandHistory(string? path)
    {
        _path = path;
        if (path is null || !File.Exists(path))
        {
            return;
        }

        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.Length > 0 && JsonSerializer.Deserialize<string>(line) is { Length: > 0 } entry)
                {
                    _entries.Add(entry);
                }
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException)
        {
            Console.Error.WriteLine($"quiver: could not read the history file {path}: {error.Message}");
        }

        if (_entries.Count > MaxEntries)
        {
            _entries.RemoveRange(0, _entries.Count - MaxEntries);
        }
    }

    public IReadOnlyList<string> Entries => _entries;

    /// <summary>The history file the environment names, or the default one in the user's home.</summary>
    public static CommandHistory Open(Func<string, string?> environment)
    {
        var named = environment("QUIVER_HISTORY");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var path = named is not null ? (named.Length == 0 ? null : named) : home.Length == 0 ? null : Path.Combine(home, ".quiver_history");
        return new CommandHistory(path);
    }

    public void Add(string entry)
    {
        var text = entry.Trim();
        if (text.Length == 0 || (_entries.Count > 0 && _entries[^1] == text))
        {
            return;
        }

        _entries.Add(text);
        if (_path is null)
        {
            return;
        }

        try
        {
            if (_entries.Count > 2 * MaxEntries)
            {
                _entries.RemoveRange(0, _entries.Count - MaxEntries);
                Write(FileMode.Create, _entries);
            }
            else
            {
                Write(FileMode.Append, [text]);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"quiver: could not write the history file {_path}: {error.Message}");
        }
    }

    private void Write(FileMode mode, IEnumerable<string> entries)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new StreamWriter(_path!, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options);
        foreach (var entry in entries)
        {
            file.WriteLine(JsonSerializer.Serialize(entry, Readable));
        }
    }
}
