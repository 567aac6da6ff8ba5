using System.Globalization;
using System.Net;
using Quiver.Protocol;

namespace Quiver.Data.Internal;

/// <summary>One server of a connection string's <c>Host</c> list.</summary>
/// <param name="Host">The host name or IP address (IPv6 without brackets), or the path of a Unix domain socket.</param>
/// <param name="Port">The port (0 for a socket).</param>
internal sealed record ServerAddress(string Host, int Port)
{
    /// <summary>An absolute path: the server listens on a Unix domain socket there (--listen-socket).</summary>
    public bool IsUnixSocket => Host.StartsWith('/');

    public bool IsLoopback => IsUnixSocket || Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    public Uri Uri(bool tls) => IsUnixSocket ? new("http://localhost") : new($"{(tls ? "https" : "http")}://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}");

    public override string ToString() => IsUnixSocket ? Host : Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>A channel to this server.</summary>
    public Grpc.Net.Client.GrpcChannel Channel(bool tls, Quiver.Protocol.Grpc.QuiverChannelOptions options) => IsUnixSocket
        ? Quiver.Protocol.Grpc.QuiverChannel.CreateForUnixSocket(Host, options)
        : Quiver.Protocol.Grpc.QuiverChannel.Create(Uri(tls), options);

    /// <summary>
    /// <c>host</c>, <c>host:port</c>, <c>[v6]:port</c> or a bare IPv6 address, separated by commas; entries without a
    /// port take <paramref name="defaultPort"/>.
    /// </summary>
    public static ServerAddress[] ParseList(string hosts, int defaultPort)
    {
        var entries = hosts.Split(',', StringSplitOptions.TrimEntries);
        if (entries.Any(e => e.Length == 0))
        {
            throw Bad(hosts, "an empty entry");
        }

        return entries.Select(entry => Parse(entry, defaultPort, hosts)).ToArray();
    }

    private static ServerAddress Parse(string entry, int defaultPort, string all)
    {
        if (entry.StartsWith('/'))
        {
            return new ServerAddress(entry, 0);
        }

        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']', StringComparison.Ordinal);
            if (close < 2 || !IPAddress.TryParse(entry[1..close], out _))
            {
                throw Bad(all, $"'{entry}' (an IPv6 address in brackets, such as [::1]:7878)");
            }

            var rest = entry[(close + 1)..];
            return new ServerAddress(entry[1..close], rest.Length == 0 ? defaultPort : rest[0] == ':' ? PortOf(rest[1..], entry, all) : throw Bad(all, $"'{entry}'"));
        }

        if (entry.Count(c => c == ':') > 1)
        {
            return IPAddress.TryParse(entry, out _) ? new ServerAddress(entry, defaultPort) : throw Bad(all, $"'{entry}'");
        }

        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new ServerAddress(entry, defaultPort)
            : colon == 0 ? throw Bad(all, $"'{entry}' (no host before the port)")
            : new ServerAddress(entry[..colon], PortOf(entry[(colon + 1)..], entry, all));
    }

    private static int PortOf(string text, string entry, string all)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw Bad(all, $"'{entry}' (the port must be 1 to 65535)");

    private static ArgumentException Bad(string hosts, string what) => new(
        $"Connection string keyword 'Host' must be one or more hosts separated by commas, each 'name', 'name:port', '[IPv6]:port' or the absolute path of a Unix socket; '{hosts}' has {what}.", "Host");
}

/// <summary>One server a data source opens sessions on: its channel and how many of the data source's sessions it holds now.</summary>
internal sealed class ServerEndpoint(ServerAddress address, Grpc.Net.Client.GrpcChannel channel)
{
    private int _sessions;

    public ServerAddress Address => address;

    public QuiverClient Client { get; } = new(channel);

    public int Sessions => Volatile.Read(ref _sessions);

    public void SessionOpened() => Interlocked.Increment(ref _sessions);

    public void SessionClosed() => Interlocked.Decrement(ref _sessions);
}
