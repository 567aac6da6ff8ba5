using System.Net;
using System.Net.Sockets;

namespace Quiver.Conformance.Tests;

/// <summary>
/// A loopback TCP proxy in front of one or more servers (a layer-4 balancer: each accepted connection goes to the next
/// server in turn) that a test can cut: once the bytes sent from the servers since the cut was armed pass its offset,
/// every connection through the proxy is reset (as a dropped network would) and the proxy goes on accepting new ones.
/// Each armed offset cuts once.
/// </summary>
internal sealed class CuttableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint[] _targets;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _pairs = [];
    private readonly Queue<long> _cuts = new();
    private readonly Task _accepting;
    private long _sinceArmed;
    private int _accepted;

    public CuttableProxy(params Uri[] servers)
    {
        _targets = servers.Select(server => new IPEndPoint(IPAddress.Parse(server.Host), server.Port)).ToArray();
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Client connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _accepted);

    /// <summary>Connections reset so far.</summary>
    public int Cuts { get; private set; }

    /// <summary>Cuts after each of <paramref name="offsets"/> more bytes from the server, counted from now (ascending).</summary>
    public void CutAfter(params long[] offsets)
    {
        lock (_gate)
        {
            _sinceArmed = 0;
            _cuts.Clear();
            foreach (var offset in offsets)
            {
                _cuts.Enqueue(offset);
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new TcpClient { NoDelay = true };
            client.NoDelay = true;
            var target = _targets[(Interlocked.Increment(ref _accepted) - 1) % _targets.Length];
            try
            {
                await server.ConnectAsync(target, _stop.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            lock (_gate)
            {
                _pairs.Add((client, server));
            }

            _ = PumpAsync(client, server, fromServer: false);
            _ = PumpAsync(server, client, fromServer: true);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool fromServer)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            while (true)
            {
                var read = await input.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    to.Client.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (fromServer && PassesCut(ref read))
                {
                    if (read > 0)
                    {
                        await output.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                    }

                    CutAll();
                    return;
                }

                await output.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The other side or the cut closed the connection.
        }
    }

    // True when these bytes reach the next cut; read is cut down to the bytes before it.
    private bool PassesCut(ref int read)
    {
        lock (_gate)
        {
            var before = _sinceArmed;
            _sinceArmed += read;
            if (_cuts.Count == 0 || _sinceArmed < _cuts.Peek())
            {
                return false;
            }

            read = (int)Math.Max(0, _cuts.Dequeue() - before);
            return true;
        }
    }

    private void CutAll()
    {
        List<(TcpClient Client, TcpClient Server)> pairs;
        lock (_gate)
        {
            pairs = [.. _pairs];
            _pairs.Clear();
            Cuts++;
        }

        foreach (var (client, server) in pairs)
        {
            Reset(client);
            Reset(server);
        }
    }

    // Linger 0: the close sends RST, as a broken network path would end the connection, not a clean FIN.
    private static void Reset(TcpClient connection)
    {
        try
        {
            connection.Client.LingerState = new LingerOption(true, 0);
            connection.Close();
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        CutAll();
        _stop.Dispose();
    }
}
