using Quiver.Data;

namespace Quiver.Cli;

/// <summary>The shell's command line.</summary>
internal sealed record CliOptions(string ConnectionString, string? Command, OutputFormat Format, bool Help)
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
              --format <format>       table (default), csv or json
              --help                  show this help

        Interactive: end a statement with ';'. \d lists tables, \d <table> its columns, \q quits.
        Ctrl-C cancels the running query.
        """;

    /// <exception cref="ArgumentException">An unknown option or a missing or bad value.</exception>
    public static CliOptions Parse(string[] args)
    {
        var builder = new QuiverConnectionStringBuilder { ApplicationName = "quiver shell" };
        string? command = null;
        var format = OutputFormat.Table;
        var help = false;
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

                    break;
                case "-h" or "--host": builder.Host = Value(); break;
                case "-p" or "--port": builder.Port = int.TryParse(Value(), out var port) ? port : throw new ArgumentException($"--port needs a number; got '{args[i]}'."); break;
                case "--token": builder.Token = Value(); break;
                case "--token-file": builder.TokenFile = Path.GetFullPath(Value()); break;
                case "-c" or "--command": command = Value(); break;
                case "--format":
                    format = Enum.TryParse<OutputFormat>(Value(), ignoreCase: true, out var parsed)
                        ? parsed : throw new ArgumentException($"--format must be table, csv or json; got '{args[i]}'.");
                    break;
                case "--help" or "-?": help = true; break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'; see quiver --help.");
            }
        }

        return new CliOptions(builder.ConnectionString, command, format, help);
    }
}

/// <summary>How results are printed.</summary>
internal enum OutputFormat
{
    Table,
    Csv,
    Json,
}
