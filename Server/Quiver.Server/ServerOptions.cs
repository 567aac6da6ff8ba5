using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Quiver.Server;

/// <summary>
/// The server's options. Each comes from the command line (<c>--name value</c>), else a <c>QUIVER_NAME</c> environment
/// variable, else the JSON config file named by <c>--config</c>, else its default. docs/server.md lists them all.
/// </summary>
internal sealed record ServerOptions
{
    public const string DefaultListen = "127.0.0.1:7878";
    public const string DefaultData = "./quiver-data";

    /// <summary>Shorter tokens are refused: a bearer token is the only thing between the network and the data.</summary>
    public const int MinTokenLength = 16;

    public IPEndPoint Listen { get; init; } = IPEndPoint.Parse(DefaultListen);

    public string DataFolder { get; init; } = DefaultData;

    public string? Token { get; init; }

    public string? TokensFile { get; init; }

    /// <summary>A Unix domain socket to listen on as well (cleartext HTTP/2, owner-only); null: none.</summary>
    public string? ListenSocket { get; init; }

    /// <summary>Set in an engine worker: the tenant whose database it serves, on its socket only, for the server that started it.</summary>
    public string? WorkerTenant { get; init; }

    /// <summary>Where tenants that do not say run DuckDB: <c>tenant</c> (in the server process) or <c>process</c>.</summary>
    public string TenantIsolation { get; init; } = TenantSettings.InProcess;

    /// <summary>How long an engine worker without sessions keeps running (unless its tenant keeps one started).</summary>
    public TimeSpan WorkerIdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public string? TlsCertificate { get; init; }

    public string? TlsKey { get; init; }

    public int MaxSessions { get; init; } = 4096;

    public int MaxSessionsPerPrincipal { get; init; } = 2048;

    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(30);

    public int MaxConcurrentOperations { get; init; } = 64;

    /// <summary>How long a session outlives the client connection it was last used on (a new connection may adopt it meanwhile).</summary>
    public TimeSpan OrphanedSessionTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan OperationQueueTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Operations one principal may run at once; unset: half of <see cref="MaxConcurrentOperations"/>.</summary>
    public int? MaxOperationsPerPrincipalSetting { get; init; }

    public int MaxOperationsPerPrincipal => Math.Min(MaxConcurrentOperations, MaxOperationsPerPrincipalSetting ?? Math.Max(1, MaxConcurrentOperations / 2));

    /// <summary>How long a response write may wait for a client that does not read before the stream is reset.</summary>
    public TimeSpan StreamStallTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A connection silent for this long gets an HTTP/2 PING; 0 turns pings off.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A PING unanswered for this long closes the connection.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan StatementTimeout { get; init; } = TimeSpan.Zero;

    public int MaxMessageBytes { get; init; } = 4 * 1024 * 1024;

    public int MaxSqlLength { get; init; } = 1024 * 1024;

    public int MaxStatementsPerRequest { get; init; } = 1000;

    /// <summary>UNION/EXCEPT/INTERSECT in one statement: DuckDB's planner time and memory grow with their square.</summary>
    public int MaxSetOperations { get; init; } = 1000;

    /// <summary>Rows one operation may send, over all its statements; 0: no limit.</summary>
    public long MaxResultRows { get; init; }

    /// <summary>Bytes of Arrow data one operation may send, over all its statements; 0: no limit.</summary>
    public long MaxResultBytes { get; init; }

    public int TargetBatchBytes { get; init; } = 1024 * 1024;

    /// <summary>Bytes of sent events kept per operation for Reattach until the client releases them, as configured.</summary>
    public int ReattachWindowSetting { get; init; } = 8 * 1024 * 1024;

    /// <summary>The reattach window: never smaller than one message, which it keeps whole.</summary>
    public int ReattachWindowBytes => Math.Max(ReattachWindowSetting, MaxMessageBytes);

    /// <summary>How long an operation may have no stream attached before it is abandoned.</summary>
    public TimeSpan ReattachTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>DuckDB's memory_limit for each tenant's database; unset: 80% of the machine's memory shared by the tenants.</summary>
    public string? TenantMemoryLimit { get; init; }

    /// <summary>DuckDB's threads for each tenant's database; unset: DuckDB's default, the machine's cores.</summary>
    public int? TenantThreads { get; init; }

    public bool CompressResponses { get; init; }

    /// <summary>Serve gRPC server reflection (grpcurl and similar tools list and describe the services) to authenticated callers.</summary>
    public bool GrpcReflection { get; init; }

    public string? EventLog { get; init; }

    /// <summary>Finished operations quiver_queries() keeps per tenant; 0: none (running ones are still listed).</summary>
    public int QueryHistory { get; init; } = 1000;

    /// <summary>Prepared statements each session keeps by SQL text for reuse; 0: none (every statement is prepared).</summary>
    public int StatementCache { get; init; } = 32;

    /// <summary>Where the HTTP admin endpoint (health, readiness, Prometheus metrics) listens; null: nowhere.</summary>
    public IPEndPoint? AdminListen { get; init; }

    /// <summary>The OpenTelemetry collector that metrics and traces are exported to; null: none.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary><c>grpc</c> or <c>http/protobuf</c>, as OTEL_EXPORTER_OTLP_PROTOCOL names them.</summary>
    public string OtlpProtocol { get; init; } = "grpc";

    public bool InMemory => DataFolder == DuckDb.DuckDbDatabase.InMemory;

    private static readonly Dictionary<string, (string Help, Func<ServerOptions, string, ServerOptions> Apply)> Definitions = new(StringComparer.Ordinal)
    {
        ["listen"] = ("<address:port> to listen on (default " + DefaultListen + ")", (o, v) => o with { Listen = ParseEndPoint(v) }),
        ["listen-socket"] = ("<path> of a Unix domain socket to listen on as well, for clients on this machine (owner-only; default: none)", (o, v) => o with { ListenSocket = SocketPath(v) }),
        ["tenant-isolation"] = ("tenant|process: where the DuckDB of tenants that do not say runs, inside the server or in an engine process of its own (default tenant)", (o, v) => o with { TenantIsolation = OneOf("tenant-isolation", v, TenantSettings.InProcess, TenantSettings.OwnProcess) }),
        ["worker-idle-timeout"] = ("<duration> an engine process without sessions keeps running (default 10m)", (o, v) => o with { WorkerIdleTimeout = Duration("worker-idle-timeout", v, allowZero: false) }),
        ["worker-tenant"] = ("<tenant>: run as the engine process of that tenant for the server that starts it (internal)", (o, v) => o with { WorkerTenant = v }),
        ["data"] = ("<folder> for the database files, or :memory: (default " + DefaultData + ")", (o, v) => o with { DataFolder = v }),
        ["token"] = ("<bearer token> clients must send (default: generated, written to <data>/token)", (o, v) => o with { Token = CheckToken(v) }),
        ["tokens-file"] = ("<file.json> mapping tokens to principals and tenants", (o, v) => o with { TokensFile = v }),
        ["tls-cert"] = ("<certificate.pem> to serve HTTPS (with --tls-key)", (o, v) => o with { TlsCertificate = v }),
        ["tls-key"] = ("<key.pem> of the TLS certificate", (o, v) => o with { TlsKey = v }),
        ["max-sessions"] = ("<n> open sessions server-wide (default 4096)", (o, v) => o with { MaxSessions = Positive("max-sessions", v) }),
        ["max-sessions-per-principal"] = ("<n> open sessions per principal (default 2048)", (o, v) => o with { MaxSessionsPerPrincipal = Positive("max-sessions-per-principal", v) }),
        ["idle-timeout"] = ("<duration> after which an idle session is closed (default 30m)", (o, v) => o with { IdleTimeout = Duration("idle-timeout", v, allowZero: false) }),
        ["orphaned-session-timeout"] = ("<duration> a session outlives the client connection it was last used on (default 15s)", (o, v) => o with { OrphanedSessionTimeout = Duration("orphaned-session-timeout", v, allowZero: false) }),
        ["max-concurrent-operations"] = ("<n> operations running at once server-wide (default 64)", (o, v) => o with { MaxConcurrentOperations = Positive("max-concurrent-operations", v) }),
        ["operation-queue-timeout"] = ("<duration> an operation waits for a slot before failing (default 30s)", (o, v) => o with { OperationQueueTimeout = Duration("operation-queue-timeout", v, allowZero: true) }),
        ["max-operations-per-principal"] = ("<n> operations one principal may run at once (default: half of max-concurrent-operations)", (o, v) => o with { MaxOperationsPerPrincipalSetting = Positive("max-operations-per-principal", v) }),
        ["stream-stall-timeout"] = ("<duration> a result may wait for a client that does not read before its stream is reset (default 20s; 0: never)", (o, v) => o with { StreamStallTimeout = Duration("stream-stall-timeout", v, allowZero: true) }),
        ["keepalive-interval"] = ("<duration> of silence after which the server pings a client connection (default 10s; 0: never)", (o, v) => o with { KeepAliveInterval = Duration("keepalive-interval", v, allowZero: true) }),
        ["keepalive-timeout"] = ("<duration> a ping may go unanswered before the connection is closed (default 10s)", (o, v) => o with { KeepAliveTimeout = Duration("keepalive-timeout", v, allowZero: false) }),
        ["statement-timeout"] = ("<duration> after which an operation is cancelled (default 0: none)", (o, v) => o with { StatementTimeout = Duration("statement-timeout", v, allowZero: true) }),
        ["max-message-bytes"] = ("<bytes> of a gRPC message either way (default 4194304)", (o, v) => o with { MaxMessageBytes = Between("max-message-bytes", v, 64 * 1024, 1 << 30) }),
        ["max-sql-length"] = ("<characters> of one statement's SQL (default 1048576)", (o, v) => o with { MaxSqlLength = Positive("max-sql-length", v) }),
        ["max-set-operations"] = ("<n> UNION/EXCEPT/INTERSECT in one statement (default 1000)", (o, v) => o with { MaxSetOperations = Positive("max-set-operations", v) }),
        ["max-statements-per-request"] = ("<n> statements in one Execute, counting each statement of a multi-statement text (default 1000)", (o, v) => o with { MaxStatementsPerRequest = Positive("max-statements-per-request", v) }),
        ["target-batch-bytes"] = ("<bytes> of a result batch unless the client asks otherwise (default 1048576)", (o, v) => o with { TargetBatchBytes = Between("target-batch-bytes", v, 1024, 1 << 30) }),
        ["reattach-window-bytes"] = ("<bytes> of sent events kept per operation until the client releases them, for Reattach; raised to max-message-bytes if smaller (default 8388608)", (o, v) => o with { ReattachWindowSetting = Between("reattach-window-bytes", v, 64 * 1024, 1 << 30) }),
        ["reattach-timeout"] = ("<duration> an operation whose stream broke waits for the client to reattach before it is cancelled (default 5m)", (o, v) => o with { ReattachTimeout = Duration("reattach-timeout", v, allowZero: false) }),
        ["max-result-rows"] = ("<n> rows one operation may send; a result past it fails with 54000 (default 0: no limit)", (o, v) => o with { MaxResultRows = Count("max-result-rows", v) }),
        ["max-result-bytes"] = ("<bytes> of Arrow data one operation may send; a result past it fails with 54000 (default 0: no limit)", (o, v) => o with { MaxResultBytes = Count("max-result-bytes", v) }),
        ["tenant-memory-limit"] = ("<size> DuckDB may use per tenant database, such as 4GB (default: 80% of memory divided by the tenants in the tokens file)", (o, v) => o with { TenantMemoryLimit = Size("tenant-memory-limit", v) }),
        ["tenant-threads"] = ($"<n> DuckDB threads per tenant database, 1 to {TenantSettings.MaxThreads} (default: the machine's cores)", (o, v) => o with { TenantThreads = Between("tenant-threads", v, 1, TenantSettings.MaxThreads) }),
        ["compress-responses"] = ("true|false: gzip responses for clients that accept it (default false)", (o, v) => o with { CompressResponses = Bool("compress-responses", v) }),
        ["grpc-reflection"] = ("true|false: serve gRPC server reflection to authenticated callers, for grpcurl (default false)", (o, v) => o with { GrpcReflection = Bool("grpc-reflection", v) }),
        ["event-log"] = ("<file> to append session and operation events to, as JSON lines", (o, v) => o with { EventLog = v }),
        ["query-history"] = ("<n> finished operations per tenant that quiver_queries() lists (default 1000; 0: none)", (o, v) => o with { QueryHistory = Between("query-history", v, 0, 1_000_000) }),
        ["statement-cache"] = ("<n> prepared statements each session keeps by SQL text to run again without planning (default 32; 0: none)", (o, v) => o with { StatementCache = Between("statement-cache", v, 0, 10_000) }),
        ["admin-listen"] = ("<[address:]port> for HTTP /healthz, /readyz and /metrics (default: off; a bare port listens on 127.0.0.1)", (o, v) => o with { AdminListen = ParseAdminEndPoint(v) }),
        ["otlp-endpoint"] = ("<url> of an OpenTelemetry collector to export metrics and traces to (default: none)", (o, v) => o with { OtlpEndpoint = ParseHttpUrl("otlp-endpoint", v) }),
        ["otlp-protocol"] = ("grpc|http/protobuf: how to talk to the OTLP endpoint (default grpc)", (o, v) => o with { OtlpProtocol = OneOf("otlp-protocol", v, "grpc", "http/protobuf") }),
    };

    public static string Usage => "Options:" + Environment.NewLine + string.Join(
        Environment.NewLine, Definitions.Select(d => $"  --{d.Key} {d.Value.Help}").Prepend("  --config <file.json> with any of the options below by name"));

    /// <summary>Reads the command line, then environment variables, then the config file, then defaults.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing value, or a value that does not parse.</exception>
    public static ServerOptions Parse(string[] args, Func<string, string?> environment)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{arg}'. {Usage}");
            }

            var (name, value) = arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
                ? (arg[2..eq], arg[(eq + 1)..])
                : (arg[2..], i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option --{arg[2..]} needs a value."));
            if (name != "config" && !Definitions.ContainsKey(name))
            {
                throw new ArgumentException($"Unknown option --{name}. {Usage}");
            }

            given[name] = value;
        }

        var configFile = given.GetValueOrDefault("config") ?? (environment("QUIVER_CONFIG") is { Length: > 0 } fromEnvironment ? fromEnvironment : null);
        var config = configFile is null ? [] : ReadConfig(configFile);
        var options = new ServerOptions();
        foreach (var (name, definition) in Definitions)
        {
            var value = given.TryGetValue(name, out var v) ? v
                : environment(EnvironmentName(name)) is { Length: > 0 } e ? e
                : config.TryGetValue(name, out var c) ? c
                : null;
            if (value is not null)
            {
                options = definition.Apply(options, value);
            }
        }

        if ((options.TlsCertificate is null) != (options.TlsKey is null))
        {
            throw new ArgumentException("--tls-cert and --tls-key go together.");
        }

        if (options.WorkerTenant is not null && options.ListenSocket is null)
        {
            throw new ArgumentException("--worker-tenant needs --listen-socket: an engine process serves only on its socket.");
        }

        if (options.Token is not null && options.TokensFile is not null)
        {
            throw new ArgumentException("Use either --token or --tokens-file, not both.");
        }

        return options;
    }

    private static string EnvironmentName(string option) => "QUIVER_" + option.Replace('-', '_').ToUpperInvariant();

    private static Dictionary<string, string> ReadConfig(string file)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!Definitions.ContainsKey(property.Name))
                {
                    throw new ArgumentException($"Config file '{file}': unknown option '{property.Name}'. {Usage}");
                }

                values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }

            return values;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            throw new ArgumentException($"Config file '{file}' could not be read: {error.Message}");
        }
    }

    private static string CheckToken(string token)
    {
        if (token.Length < MinTokenLength || token.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"--token must be at least {MinTokenLength} characters without spaces.");
        }

        return token;
    }

    private static int Positive(string name, string text) => Between(name, text, 1, int.MaxValue);

    private static long Count(string name, string text)
        => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"--{name} must be a whole number, 0 for no limit; got '{text}'.");

    private static int Between(string name, string text, int min, int max)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{name} must be a whole number from {min} to {max}; got '{text}'.");

    // DuckDB's own size syntax (a number and KB, MB, GB, TB, KiB, ...); DuckDB checks it again at open.
    private static string Size(string name, string text)
        => IsSize(text) ? text : throw new ArgumentException($"--{name} must be a size such as 512MB or 4GB; got '{text}'.");

    internal static bool IsSize(string text)
        => System.Text.RegularExpressions.Regex.IsMatch(text, @"^\d+(\.\d+)?\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private static bool Bool(string name, string text)
        => bool.TryParse(text, out var value) ? value : throw new ArgumentException($"--{name} must be true or false; got '{text}'.");

    /// <summary>A duration: a number of seconds, or a number with ms, s, m or h.</summary>
    private static string SocketPath(string text)
    {
        // sun_path holds 108 bytes with its terminator on Linux.
        if (!Path.IsPathFullyQualified(text) || System.Text.Encoding.UTF8.GetByteCount(text) > 107)
        {
            throw new ArgumentException($"Option --listen-socket needs an absolute path of at most 107 bytes; got '{text}'.");
        }

        return text;
    }

    internal static TimeSpan Duration(string name, string text, bool allowZero)
    {
        var (digits, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1d)
            : text.EndsWith('s') ? (text[..^1], 1000d)
            : text.EndsWith('m') ? (text[..^1], 60_000d)
            : text.EndsWith('h') ? (text[..^1], 3_600_000d)
            : (text, 1000d);
        if (double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && (amount > 0 || (allowZero && amount == 0)) && amount * unit <= TimeSpan.FromDays(365).TotalMilliseconds)
        {
            return TimeSpan.FromMilliseconds(amount * unit);
        }

        throw new ArgumentException($"--{name} must be a duration such as 30s, 5m, 1h or 250ms{(allowZero ? " (0: none)" : "")}; got '{text}'.");
    }

    private static IPEndPoint ParseAdminEndPoint(string text)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= IPEndPoint.MaxPort
            ? new IPEndPoint(IPAddress.Loopback, port)
            : ParseEndPoint(text, "admin-listen");

    private static Uri ParseHttpUrl(string name, string text)
        => Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new ArgumentException($"--{name} must be an http:// or https:// URL such as http://127.0.0.1:4317; got '{text}'.");

    private static string OneOf(string name, string text, params string[] allowed)
        => allowed.Contains(text, StringComparer.Ordinal)
            ? text
            : throw new ArgumentException($"--{name} must be one of {string.Join(", ", allowed)}; got '{text}'.");

    private static IPEndPoint ParseEndPoint(string text, string name = "listen")
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

        throw new ArgumentException($"--{name} must be an address and a port, such as {DefaultListen} or [::1]:7878; got '{text}'.");
    }
}
