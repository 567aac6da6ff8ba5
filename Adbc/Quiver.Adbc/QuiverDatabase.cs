using System.Globalization;
using Quiver.Data;

namespace Quiver.Adbc;

/// <summary>
/// An AdbcDatabase: where and how to connect. Options are kept until Init, which turns them into a Quiver.Data
/// connection string (sessions are pooled by Quiver.Data, so connections after the first reuse them).
/// </summary>
internal sealed class QuiverDatabase
{
    public const string Uri = "uri";
    public const string Username = "username";
    public const string Password = "password";
    public const string Token = "adbc.quiver.token";
    public const string TokenFile = "adbc.quiver.token_file";
    public const string Tenant = "adbc.quiver.tenant";
    public const string RootCertificate = "adbc.quiver.tls.root_certificate";
    public const string TrustServerCertificate = "adbc.quiver.tls.trust_server_certificate";
    public const string ConnectTimeout = "adbc.quiver.connect_timeout_seconds";
    public const string CommandTimeout = "adbc.quiver.command_timeout_seconds";
    public const string LiveObjects = "adbc.quiver.live_objects";

    private static readonly string[] Known = [Uri, Username, Password, Token, TokenFile, Tenant, RootCertificate, TrustServerCertificate, ConnectTimeout, CommandTimeout];

    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    /// <summary>The Quiver.Data connection string, once initialized.</summary>
    public string? ConnectionString { get; private set; }

    public void SetOption(string key, string? value)
    {
        if (ConnectionString is not null)
        {
            throw AdbcException.InvalidState($"Option '{key}' must be set before AdbcDatabaseInit.");
        }

        if (!Known.Contains(key))
        {
            throw AdbcException.NotImplemented($"Unknown database option '{key}'. Known: {string.Join(", ", Known)}.");
        }

        if (value is null)
        {
            _options.Remove(key);
        }
        else
        {
            _options[key] = value;
        }
    }

    public string GetOption(string key)
    {
        if (key == LiveObjects)
        {
            return Handles.Live.ToString(CultureInfo.InvariantCulture);
        }

        if (key is Password or Token)
        {
            throw new AdbcException(Native.AdbcStatus.NotFound, $"Option '{key}' is a secret and cannot be read back.");
        }

        return _options.TryGetValue(key, out var value) ? value : throw new AdbcException(Native.AdbcStatus.NotFound, $"Option '{key}' is not set.");
    }

    public void Init()
    {
        if (ConnectionString is not null)
        {
            throw AdbcException.InvalidState("The database is already initialized.");
        }

        var builder = new QuiverConnectionStringBuilder();
        if (_options.TryGetValue(Uri, out var uri))
        {
            ApplyUri(builder, uri);
        }

        if (_options.TryGetValue(Token, out var token) && _options.TryGetValue(Password, out _))
        {
            throw AdbcException.InvalidArgument($"Set either '{Token}' or '{Password}' (the token as a password), not both.");
        }

        builder.Token = token ?? _options.GetValueOrDefault(Password);
        builder.Username = _options.GetValueOrDefault(Username);
        builder.TokenFile = _options.GetValueOrDefault(TokenFile);
        builder.Tenant = _options.GetValueOrDefault(Tenant);
        builder.RootCertificate = _options.GetValueOrDefault(RootCertificate);
        if (_options.TryGetValue(TrustServerCertificate, out var trust))
        {
            builder.TrustServerCertificate = Flag(TrustServerCertificate, trust);
        }

        if (_options.TryGetValue(ConnectTimeout, out var connect))
        {
            builder.Timeout = Seconds(ConnectTimeout, connect);
        }

        if (_options.TryGetValue(CommandTimeout, out var command))
        {
            builder.CommandTimeout = Seconds(CommandTimeout, command);
        }

        builder.ApplicationName = "Quiver ADBC driver";
        ConnectionString = builder.ConnectionString;
    }

    public static bool Flag(string key, string value) => value switch
    {
        "true" => true,
        "false" => false,
        _ => throw AdbcException.InvalidArgument($"Option '{key}' takes 'true' or 'false', not '{value}'."),
    };

    private static int Seconds(string key, string value)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw AdbcException.InvalidArgument($"Option '{key}' takes a whole number of seconds, not '{value}'.");

    // quiver://host[:port] (cleartext) or quivers://host[:port] (TLS); the default port is Quiver's 7878.
    private static void ApplyUri(QuiverConnectionStringBuilder builder, string text)
    {
        if (!System.Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("quiver" or "quivers")
            || uri.Host.Length == 0 || uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw AdbcException.InvalidArgument($"The uri '{text}' is not quiver://host[:port] or quivers://host[:port] (TLS).");
        }

        builder.Host = uri.Host.Trim('[', ']');
        builder.Port = uri.Port > 0 ? uri.Port : 7878;
        builder.Tls = uri.Scheme == "quivers";
    }
}
