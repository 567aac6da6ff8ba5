using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Quiver.Data.Internal;

namespace Quiver.Data;

/// <summary>
/// Builds and parses Quiver connection strings. Keywords are case-insensitive, synonyms are accepted
/// (<c>Server</c> for <c>Host</c>, <c>Password</c> for <c>Token</c>, ...), and an unknown keyword or a bad value is an
/// <see cref="ArgumentException"/> naming it. docs/connection-strings.md lists every keyword.
/// </summary>
public sealed class QuiverConnectionStringBuilder : DbConnectionStringBuilder
{
    /// <summary>An empty builder (every keyword at its default).</summary>
    public QuiverConnectionStringBuilder()
    {
    }

    /// <summary>A builder holding <paramref name="connectionString"/>.</summary>
    public QuiverConnectionStringBuilder(string? connectionString)
    {
        ConnectionString = connectionString;
        Normalize();
    }

    /// <inheritdoc/>
    [AllowNull]
    public override object this[string keyword]
    {
        get => TryGetValue(keyword, out var value) ? value! : throw new ArgumentException($"Connection string keyword '{keyword}' is not set.", nameof(keyword));
        set
        {
            var found = ConnectionKeywords.Find(keyword);
            var converted = found.Convert(value);
            if (converted is null)
            {
                base.Remove(found.Name);
            }
            else
            {
                base[found.Name] = converted;
            }
        }
    }

    /// <inheritdoc/>
    public override bool ContainsKey(string keyword)
        => ConnectionKeywords.TryFind(keyword, out var found) && base.ContainsKey(found.Name);

    /// <inheritdoc/>
    public override bool Remove(string keyword)
        => ConnectionKeywords.TryFind(keyword, out var found) && base.Remove(found.Name);

    /// <inheritdoc/>
    public override bool TryGetValue(string keyword, [MaybeNullWhen(false)] out object value)
    {
        if (!ConnectionKeywords.TryFind(keyword, out var found))
        {
            value = null;
            return false;
        }

        if (base.TryGetValue(found.Name, out value))
        {
            return true;
        }

        value = found.Default;
        return value is not null;
    }

    /// <summary>The connection string without the token, safe to log.</summary>
    public override string ToString()
    {
        var copy = new QuiverConnectionStringBuilder(ConnectionString);
        copy.Remove(ConnectionKeywords.Token.Name);
        return copy.ConnectionString;
    }

    /// <summary>The server's host name or IP address (default 127.0.0.1).</summary>
    public string Host { get => Get<string>(ConnectionKeywords.Host)!; set => this[ConnectionKeywords.Host.Name] = value; }

    /// <summary>The server's port (default 7878).</summary>
    public int Port { get => Get<int>(ConnectionKeywords.Port); set => this[ConnectionKeywords.Port.Name] = value; }

    /// <summary>The bearer token.</summary>
    public string? Token { get => Get<string>(ConnectionKeywords.Token); set => this[ConnectionKeywords.Token.Name] = value; }

    /// <summary>A file holding the token.</summary>
    public string? TokenFile { get => Get<string>(ConnectionKeywords.TokenFile); set => this[ConnectionKeywords.TokenFile.Name] = value; }

    /// <summary>The principal the token belongs to; when set, the token is sent as Basic authentication.</summary>
    public string? Username { get => Get<string>(ConnectionKeywords.Username); set => this[ConnectionKeywords.Username.Name] = value; }

    /// <summary>The tenant the token must grant.</summary>
    public string? Tenant { get => Get<string>(ConnectionKeywords.Tenant); set => this[ConnectionKeywords.Tenant.Name] = value; }

    /// <summary>Whether sessions are pooled (default true).</summary>
    public bool Pooling { get => Get<bool>(ConnectionKeywords.Pooling); set => this[ConnectionKeywords.Pooling.Name] = value; }

    /// <summary>Idle sessions the pool keeps (default 0).</summary>
    public int MinimumPoolSize { get => Get<int>(ConnectionKeywords.MinPoolSize); set => this[ConnectionKeywords.MinPoolSize.Name] = value; }

    /// <summary>Most sessions the pool opens (default 100).</summary>
    public int MaximumPoolSize { get => Get<int>(ConnectionKeywords.MaxPoolSize); set => this[ConnectionKeywords.MaxPoolSize.Name] = value; }

    /// <summary>Seconds an idle pooled session is kept (default 300).</summary>
    public int ConnectionIdleLifetime { get => Get<int>(ConnectionKeywords.IdleLifetime); set => this[ConnectionKeywords.IdleLifetime.Name] = value; }

    /// <summary>Seconds to wait for a session (default 15; 0 waits forever).</summary>
    public int Timeout { get => Get<int>(ConnectionKeywords.Timeout); set => this[ConnectionKeywords.Timeout.Name] = value; }

    /// <summary>Default command timeout in seconds (default 30; 0 means none).</summary>
    public int CommandTimeout { get => Get<int>(ConnectionKeywords.CommandTimeout); set => this[ConnectionKeywords.CommandTimeout.Name] = value; }

    /// <summary>Seconds without data while a call waits before an HTTP/2 PING checks the connection; 0 turns pings off.</summary>
    public int Keepalive { get => Get<int>(ConnectionKeywords.Keepalive); set => this[ConnectionKeywords.Keepalive.Name] = value; }

    /// <summary>Reattach to a result after a broken connection and go on from the last row received (default true).</summary>
    public bool Reattach { get => Get<bool>(ConnectionKeywords.Reattach); set => this[ConnectionKeywords.Reattach.Name] = value; }

    /// <summary>Connect with TLS (default false).</summary>
    public bool Tls { get => Get<bool>(ConnectionKeywords.Tls); set => this[ConnectionKeywords.Tls.Name] = value; }

    /// <summary>A PEM file of certificates to trust for the server.</summary>
    public string? RootCertificate { get => Get<string>(ConnectionKeywords.RootCertificate); set => this[ConnectionKeywords.RootCertificate.Name] = value; }

    /// <summary>Accept any server certificate (development only; default false).</summary>
    public bool TrustServerCertificate { get => Get<bool>(ConnectionKeywords.TrustServerCertificate); set => this[ConnectionKeywords.TrustServerCertificate.Name] = value; }

    /// <summary>Sent to the server when a session opens.</summary>
    public string? ApplicationName { get => Get<string>(ConnectionKeywords.ApplicationName); set => this[ConnectionKeywords.ApplicationName.Name] = value; }

    /// <summary>The session's TimeZone setting.</summary>
    public string? TimeZone { get => Get<string>(ConnectionKeywords.TimeZone); set => this[ConnectionKeywords.TimeZone.Name] = value; }

    // Parsing a whole string (the ConnectionString setter) bypasses the indexer: check and convert every pair once.
    private void Normalize()
    {
        var pairs = new List<KeyValuePair<string, object?>>();
        foreach (string key in Keys)
        {
            pairs.Add(new(key, base[key]));
        }

        Clear();
        foreach (var (key, value) in pairs)
        {
            this[key] = value;
        }
    }

    private T? Get<T>(ConnectionKeyword keyword)
    {
        if (!base.TryGetValue(keyword.Name, out var value) && !TryGetRaw(keyword, out value))
        {
            return (T?)keyword.Default;
        }

        return (T?)keyword.Convert(value);
    }

    private bool TryGetRaw(ConnectionKeyword keyword, out object? value)
    {
        foreach (string key in Keys)
        {
            if (ConnectionKeywords.TryFind(key, out var found) && found == keyword)
            {
                value = base[key];
                return true;
            }
        }

        value = null;
        return false;
    }
}
