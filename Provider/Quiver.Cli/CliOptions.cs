using Quiver.Data;

namespace Quiver.Cli;

/// <summary>The shell's command line.</summary>
internal sealed record CliOptions(string ConnectionString, string? Command, string? File, OutputFormat Format, bool ContinueOnError, bool Help)
{
    public const string Usage = """
        quiver: a SQL shell for Quiver servers.

        Usage: quiver [options]
          -C, --connection <string>   a connection string (docs/connection-strings.md)
          -h, --host <host>           server host (default 127.0.0.1)
          -p, --port <port>           server port (default 7878)
              --token <token>         bearer token
              --token-file <file>     file holding the token (default for a local server: quiver-data/token here)
          -c, --command <sql>         run the SQL and exit
          -f, --file <file>           run the statements of a file and exit
              --format <format>       table (default), csv, json (one array) or jsonl (one object per line)
              --continue-on-error     in a script (-f or piped input), go on after a failing statement
              --help                  show this help

        A script (-f, or statements piped in) stops at the first failing statement and exits with 1.
        Without --token or --token-file, a local server's token is QUIVER_TOKEN, then quiver-data/token in the
        working directory or the nearest folder above it that has one.
        """;

    public const string Commands = """
        End a statement with ';' (it may span lines). Ctrl-C cancels the running query, or clears the typed lines.
          \d              tables and views, with row counts
          \d <table>      a table's columns
          \x              expanded display on/off (one block per row)
          \timing         row counts and timing after each statement on/off
          \c              reconnect (a new session: temp objects and settings are gone)
          \?              this help
          \q              quit
        """;

    /// <exception cref="ArgumentException">An unknown option or a missing or bad value.</exception>
    public static CliOptions Parse(string[] args)
    {
        var builder = new QuiverConnectionStringBuilder { ApplicationName = "quiver shell" };
        string? command = null;
        string? file = null;
        var format = OutputFormat.Table;
        var continueOnError = false;
        var help = false;
        var hasToken = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
            switch (args[i])
            {
                case "-C" or "--connection":
                    var given = new QuiverConnectionStringBuilder(Value());
                    foreach (string key in given.Keys)
                    {
                        builder[key] = given[key];
                    }

                    hasToken |= !string.IsNullOrEmpty(given.Token) || !string.IsNullOrEmpty(given.TokenFile);

                    break;
                case "-h" or "--host": builder.Host = Value(); break;
                case "-p" or "--port": builder.Port = int.TryParse(Value(), out var port) ? port : throw new ArgumentException($"--port needs a number; got '{args[i]}'."); break;
                case "--token": builder.Token = Value(); hasToken = true; break;
                case "--token-file": builder.TokenFile = Path.GetFullPath(Value()); hasToken = true; break;
                case "-c" or "--command": command = Value(); break;
                case "-f" or "--file": file = Path.GetFullPath(Value()); break;
                case "--continue-on-error": continueOnError = true; break;
                case "--format":
                    format = Enum.TryParse<OutputFormat>(Value(), ignoreCase: true, out var parsed)
                        ? parsed : throw new ArgumentException($"--format must be table, csv, json or jsonl; got '{args[i]}'.");
                    break;
                case "--help" or "-?": help = true; break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'; see quiver --help.");
            }
        }

        if (command is not null && file is not null)
        {
            throw new ArgumentException("Give -c or -f, not both.");
        }

        // Only for a server on this machine: a local token file is never sent to another host.
        if (!hasToken && IsLoopback(builder.Host) && Environment.GetEnvironmentVariable("QUIVER_TOKEN") is not { Length: > 0 }
            && LocalTokenFile(Environment.CurrentDirectory) is { } local)
        {
            builder.TokenFile = local;
        }

        return new CliOptions(builder.ConnectionString, command, file, format, continueOnError, help);
    }

    private static bool IsLoopback(string host)
        => host.StartsWith('/') || host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));

    /// <summary>quiver-data/token in the folder or the nearest one above it that has one: a local server's token from anywhere in its project.</summary>
    public static string? LocalTokenFile(string directory)
    {
        for (var folder = new DirectoryInfo(directory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "quiver-data", "token");
            if (System.IO.File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>How results are printed.</summary>
internal enum OutputFormat
{
    Table,
    Csv,
    Json,
    Jsonl,
}
