using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Quiver.Protocol.Grpc;

namespace Quiver.Data.Internal;

/// <summary>A connection string checked and resolved into what opening sessions needs.</summary>
internal sealed class QuiverSettings
{
    private QuiverSettings(QuiverConnectionStringBuilder builder)
    {
        Builder = builder;
        Port = builder.Port;
        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Connection string keyword 'Port' must be 1 to 65535; got {Port}.", nameof(Port));
        }

        if (builder.MaximumPoolSize < 1 || builder.MinimumPoolSize > builder.MaximumPoolSize)
        {
            throw new ArgumentException(
                $"Connection string keywords 'Minimum Pool Size' ({builder.MinimumPoolSize}) and 'Maximum Pool Size' ({builder.MaximumPoolSize}) must satisfy 0 <= minimum <= maximum and maximum >= 1.",
                "Maximum Pool Size");
        }

        if (builder.Keepalive is < 0 or > 86_400)
        {
            throw new ArgumentException($"Connection string keyword 'Keepalive' must be 0 (off) to 86400 seconds; got {builder.Keepalive}.", "Keepalive");
        }

        Hosts = ServerAddress.ParseList(builder.Host, Port);
        if (builder.Tls && Hosts.Any(h => h.IsUnixSocket))
        {
            throw new ArgumentException("TLS is not used over a Unix socket: the socket file's permissions decide who may connect; remove TLS=true or use a host name.", "TLS");
        }

        Address = Hosts[0].Uri(builder.Tls);
        // A local token is only ever sent to local servers.
        IsLoopback = Hosts.All(h => h.IsLoopback);
        ConnectTimeout = Seconds(builder.Timeout);
        IdleLifetime = TimeSpan.FromSeconds(builder.ConnectionIdleLifetime);
        Settings = builder.TimeZone is { Length: > 0 } zone ? new Dictionary<string, string> { ["TimeZone"] = zone } : [];
        if (builder.RootCertificate is { Length: > 0 } root)
        {
            RootCertificatePath = TokenResolver.Default.FullPath(root);
            if (!File.Exists(RootCertificatePath))
            {
                throw new ArgumentException(
                    $"Connection string keyword 'Root Certificate' names {RootCertificatePath}, which does not exist (a relative path is taken from the application's directory).",
                    "Root Certificate");
            }
        }
    }

    public QuiverConnectionStringBuilder Builder { get; }

    /// <summary>The first server of <see cref="Hosts"/>.</summary>
    public string Host => Hosts[0].Host;

    /// <summary>The Port keyword: the port of hosts listed without one.</summary>
    public int Port { get; }

    /// <summary>Every server of the Host keyword, in the order given; new sessions go to the one with the fewest.</summary>
    public IReadOnlyList<ServerAddress> Hosts { get; }

    /// <summary>The first server's address.</summary>
    public Uri Address { get; }

    public bool IsLoopback { get; }

    /// <summary>How long opening a session may take; infinite for Timeout=0.</summary>
    public TimeSpan ConnectTimeout { get; }

    public TimeSpan IdleLifetime { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public int CommandTimeout => Builder.CommandTimeout;

    /// <summary>Root Certificate as an absolute path, when given.</summary>
    public string? RootCertificatePath { get; }

    public string DataSource => string.Join(",", Hosts);

    public static QuiverSettings Parse(string connectionString) => new(new QuiverConnectionStringBuilder(connectionString));

    /// <summary>
    /// The token to send. Read at every session open when it comes from a file, because a local server writes a new
    /// token each time it starts.
    /// </summary>
    public string ResolveToken() => TokenResolver.Default.Resolve(Builder, IsLoopback);

    /// <summary>The authorization header value: Basic with the username and token when a Username is set, else Bearer.</summary>
    public string AuthorizationHeader()
        => string.IsNullOrEmpty(Builder.Username)
            ? "Bearer " + ResolveToken()
            : "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Builder.Username + ":" + ResolveToken()));

    /// <summary>The channel options for <paramref name="server"/> (TLS checks its certificate against its own name).</summary>
    public QuiverChannelOptions ChannelOptions(ServerAddress server) => new()
    {
        ConnectTimeout = ConnectTimeout == Timeout.InfiniteTimeSpan ? TimeSpan.FromMinutes(5) : ConnectTimeout,
        Ssl = Builder.Tls ? SslOptions(server.Host) : null,
        KeepAlivePingDelay = Builder.Keepalive > 0 ? TimeSpan.FromSeconds(Builder.Keepalive) : Timeout.InfiniteTimeSpan,
        KeepAlivePingTimeout = TimeSpan.FromSeconds(Math.Clamp(Builder.Keepalive, 1, 20)),
    };

    private SslClientAuthenticationOptions SslOptions(string host)
    {
        var options = new SslClientAuthenticationOptions { TargetHost = host };
        if (Builder.TrustServerCertificate)
        {
            options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (RootCertificatePath is { } rootFile)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(rootFile);
            options.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust };
            options.CertificateChainPolicy.CustomTrustStore.AddRange(roots);
        }

        return options;
    }

    private static TimeSpan Seconds(int seconds) => seconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
}
