using System.Globalization;
using System.Net;

namespace Quiver.Server;

/// <summary>The server's command-line options. Each may also come from a <c>QUIVER_</c> environment variable.</summary>
internal sealed record ServerOptions(IPEndPoint Listen, string DataFolder, string? Token = null)
{
    public const string DefaultListen = "127.0.0.1:7878";
    public const string DefaultData = "./quiver-data";

    public bool InMemory => DataFolder == DuckDb.DuckDbDatabase.InMemory;

    private static readonly string[] Known = ["listen", "data", "token"];

    /// <summary>Reads <c>--name value</c> / <c>--name=value</c> arguments, then environment variables, then defaults.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing value, or a value that does not parse.</exception>
    public static ServerOptions Parse(string[] args, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{arg}'. Options are: {Usage}");
            }

            var (name, value) = arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
                ? (arg[2..eq], arg[(eq + 1)..])
                : (arg[2..], i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option --{arg[2..]} needs a value."));
            if (!Known.Contains(name))
            {
                throw new ArgumentException($"Unknown option --{name}. Options are: {Usage}");
            }

            values[name] = value;
        }

        string Value(string name, string fallback)
            => values.TryGetValue(name, out var v) ? v
            : environment("QUIVER_" + name.ToUpperInvariant()) is { Length: > 0 } e ? e
            : fallback;

        var token = Value("token", "");
        if (token.Length > 0 && (token.Length < MinTokenLength || token.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException($"--token must be at least {MinTokenLength} characters without spaces.");
        }

        return new ServerOptions(ParseEndPoint(Value("listen", DefaultListen)), Value("data", DefaultData), token.Length > 0 ? token : null);
    }

    /// <summary>Shorter tokens are refused: a bearer token is the only thing between the network and the data.</summary>
    public const int MinTokenLength = 16;

    public static string Usage => "--listen <address:port> (default " + DefaultListen + "), --data <folder or :memory:> (default " + DefaultData
        + "), --token <bearer token> (default: generated and written to <data>/token)";

    private static IPEndPoint ParseEndPoint(string text)
    {
        if (IPEndPoint.TryParse(text, out var endPoint) && text.Contains(':', StringComparison.Ordinal))
        {
            return endPoint;
        }

        var colon = text.LastIndexOf(':');
        if (colon > 0 && text[..colon] == "localhost"
            && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= IPEndPoint.MaxPort)
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        throw new ArgumentException($"--listen must be an address and a port, such as {DefaultListen} or [::1]:7878; got '{text}'.");
    }
}
