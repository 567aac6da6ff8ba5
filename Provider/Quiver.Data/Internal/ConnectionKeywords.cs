namespace Quiver.Data.Internal;

/// <summary>
/// Every connection-string keyword Quiver.Data understands: the one table behind
/// <see cref="QuiverConnectionStringBuilder"/>, its errors and docs/connection-strings.md (a test keeps them equal).
/// </summary>
internal static class ConnectionKeywords
{
    public const int DefaultPort = 7878;

    public static readonly ConnectionKeyword Host = new("Host", ["Server", "Address"], "127.0.0.1", typeof(string),
        "The server's host name or IP address, or several separated by commas, each optionally with its port (`a:7878,b:7879`, `[::1]:7878`): new sessions go to the server with the fewest ([provider.md](provider.md#several-servers)). An absolute path is a Unix domain socket the server listens on (`--listen-socket`; Port is not used, TLS is refused).");

    public static readonly ConnectionKeyword Port = new("Port", [], DefaultPort, typeof(int),
        "The server's TCP port.");

    public static readonly ConnectionKeyword Token = new("Token", ["Password", "PWD"], null, typeof(string),
        "The bearer token. Never shown by ToString(), in logs or in exception messages.");

    public static readonly ConnectionKeyword TokenFile = new("Token File", ["TokenFile"], null, typeof(string),
        "A file holding the token; a relative path is taken from the application's directory (AppContext.BaseDirectory). Without Token or Token File, a loopback host uses QUIVER_TOKEN, then quiver-data/token in the working directory, then in the application's directory (the local server's generated token).");

    public static readonly ConnectionKeyword Username = new("Username", ["User", "User ID", "UID", "Principal"], null, typeof(string),
        "The principal the token belongs to. With it, the token goes as Basic authentication (username and token as password), which the server checks against the token's principal; without it, as a bearer token.");

    public static readonly ConnectionKeyword Tenant = new("Tenant", [], null, typeof(string),
        "The tenant the token must grant; opening fails with SQLSTATE 28000 when it grants another. Empty: whatever the token grants.");

    public static readonly ConnectionKeyword Pooling = new("Pooling", [], true, typeof(bool),
        "Whether sessions are pooled and reused.");

    public static readonly ConnectionKeyword MinPoolSize = new("Minimum Pool Size", ["Min Pool Size", "MinPoolSize"], 0, typeof(int),
        "Idle sessions the pool keeps open when pruning.");

    public static readonly ConnectionKeyword MaxPoolSize = new("Maximum Pool Size", ["Max Pool Size", "MaxPoolSize"], 100, typeof(int),
        "Most sessions the pool opens; Open waits up to Timeout for one to be returned, then fails.");

    public static readonly ConnectionKeyword IdleLifetime = new("Connection Idle Lifetime", ["ConnectionIdleLifetime"], 300, typeof(int),
        "Seconds an idle pooled session is kept before it is closed (above Minimum Pool Size).");

    public static readonly ConnectionKeyword Timeout = new("Timeout", ["Connect Timeout", "Connection Timeout", "ConnectTimeout"], 15, typeof(int),
        "Seconds to wait for a session (connecting, opening, or waiting for a pooled one). 0 waits forever.");

    public static readonly ConnectionKeyword CommandTimeout = new("Command Timeout", ["CommandTimeout", "Default Command Timeout"], 30, typeof(int),
        "Default seconds a command may run (QuiverCommand.CommandTimeout); 0 means no limit.");

    public static readonly ConnectionKeyword Keepalive = new("Keepalive", ["Keep Alive", "KeepAlive"], 60, typeof(int),
        "Seconds without data from the server, while a call is waiting, after which an HTTP/2 PING checks the connection; an unanswered PING (within the same time, at most 20 s) fails the call as a transient connection failure (08006). 0 turns pings off.");

    public static readonly ConnectionKeyword Tls = new("TLS", ["SSL", "Encrypt", "Use TLS"], false, typeof(bool),
        "Connect with TLS (https). The server's certificate must be trusted by the system or by Root Certificate.");

    public static readonly ConnectionKeyword RootCertificate = new("Root Certificate", ["RootCertificate", "SSL Root Cert"], null, typeof(string),
        "A PEM file of certificates to trust for the server (for a self-signed server certificate); a relative path is taken from the application's directory.");

    public static readonly ConnectionKeyword TrustServerCertificate = new("Trust Server Certificate", ["TrustServerCertificate"], false, typeof(bool),
        "Accept any server certificate. For development only: it removes TLS's protection against impersonation.");

    public static readonly ConnectionKeyword ApplicationName = new("Application Name", ["ApplicationName", "App"], null, typeof(string),
        "Sent to the server when a session opens; shows in its logs.");

    public static readonly ConnectionKeyword TimeZone = new("Time Zone", ["TimeZone", "Timezone"], null, typeof(string),
        "The session's TimeZone setting (for example Europe/Amsterdam); empty keeps the server's.");

    public static readonly ConnectionKeyword Reattach = new("Reattach", ["Resumable Results"], true, typeof(bool),
        "When the connection breaks while a result is being read, reattach to the server's operation and go on from the last row received, without losing or repeating one ([provider.md](provider.md#broken-connections)). Off: the reader fails with 08006.");

    public static readonly IReadOnlyList<ConnectionKeyword> All =
    [
        Host, Port, Token, TokenFile, Username, Tenant, Pooling, MinPoolSize, MaxPoolSize, IdleLifetime, Timeout, CommandTimeout,
        Keepalive, Reattach, Tls, RootCertificate, TrustServerCertificate, ApplicationName, TimeZone,
    ];

    private static readonly Dictionary<string, ConnectionKeyword> ByName = BuildIndex();

    /// <summary>The keyword a name or synonym stands for (case-insensitive, blanks ignored); ArgumentException when unknown.</summary>
    public static ConnectionKeyword Find(string name)
        => ByName.TryGetValue(Normalize(name), out var keyword) ? keyword
            : throw new ArgumentException($"Connection string keyword '{name}' is not supported. Supported: {string.Join(", ", All.Select(k => k.Name))}.", nameof(name));

    public static bool TryFind(string name, out ConnectionKeyword keyword) => ByName.TryGetValue(Normalize(name), out keyword!);

    private static string Normalize(string name) => name.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    private static Dictionary<string, ConnectionKeyword> BuildIndex()
    {
        var index = new Dictionary<string, ConnectionKeyword>(StringComparer.Ordinal);
        foreach (var keyword in All)
        {
            index[Normalize(keyword.Name)] = keyword;
            foreach (var synonym in keyword.Synonyms)
            {
                index[Normalize(synonym)] = keyword;
            }
        }

        return index;
    }
}
