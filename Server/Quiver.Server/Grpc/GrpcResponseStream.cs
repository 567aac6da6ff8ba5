using System.Buffers;
using Google.Protobuf;
using Quiver.Protocol.Grpc;

namespace Quiver.Server.Grpc;

/// <summary>
/// Writes response messages to the HTTP/2 stream. Each write waits for the flush, so a slow client holds the handler
/// back (HTTP/2 flow control) instead of letting responses pile up in memory.
/// </summary>
internal sealed class GrpcResponseStream<TResponse> : IDisposable
    where TResponse : IMessage<TResponse>
{
    private readonly object _stallGate = new();
    private Timer? _stallTimer;
    private bool _stalled;
    private bool _disposed;

    private readonly HttpContext _context;
    private readonly GrpcServerOptions _options;
    private readonly bool _compress;
    private readonly CancellationToken _cancellation;

    public GrpcResponseStream(HttpContext context, GrpcServerOptions options, bool compress, CancellationToken cancellation)
    {
        _context = context;
        _options = options;
        _compress = compress;
        _cancellation = cancellation;
    }

    /// <summary>Sends the response headers now, before any message, so the client knows the call is under way.</summary>
    public async ValueTask StartAsync()
    {
        await _context.Response.StartAsync(_cancellation);
        await _context.Response.BodyWriter.FlushAsync(_cancellation);
    }

    public async ValueTask WriteAsync(TResponse message)
    {
        _cancellation.ThrowIfCancellationRequested();
        var size = message.CalculateSize();
        if (size > _options.MaxSendMessageBytes)
        {
            throw new GrpcStatusException(
                GrpcStatusCode.ResourceExhausted, $"Sent message larger than max ({size} vs. {_options.MaxSendMessageBytes})");
        }

        var writer = _context.Response.BodyWriter;
        if (_compress)
        {
            writer.Write(GrpcCompression.CompressFramed(message.ToByteArray()));
        }
        else
        {
            GrpcFraming.WriteHeader(writer.GetSpan(GrpcFraming.HeaderLength), size);
            writer.Advance(GrpcFraming.HeaderLength);
            message.WriteTo(writer);
        }

        var flush = writer.FlushAsync(_cancellation);
        if (flush.IsCompleted || _options.StreamStallTimeout <= TimeSpan.Zero)
        {
            await flush;
            return;
        }

        // The client is not taking data as fast as it comes: give it the stall timeout, then reset the stream, which
        // cancels the call like a client that went away.
        _stallTimer ??= new Timer(static state => ((GrpcResponseStream<TResponse>)state!).Stall(), this, Timeout.Infinite, Timeout.Infinite);
        _stallTimer.Change(_options.StreamStallTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            await flush;
        }
        finally
        {
            _stallTimer.Change(Timeout.Infinite, Timeout.Infinite);
        }
    }

    /// <summary>True once the stream was reset because the client stopped reading.</summary>
    public bool Stalled
    {
        get
        {
            lock (_stallGate)
            {
                return _stalled;
            }
        }
    }

    // Under the gate with Dispose: Kestrel reuses HttpContext objects, so a late timer must not abort the next request.
    private void Stall()
    {
        lock (_stallGate)
        {
            if (_disposed)
            {
                return;
            }

            _stalled = true;
            _context.Abort();
        }
    }

    public void Dispose()
    {
        lock (_stallGate)
        {
            _disposed = true;
            _stallTimer?.Dispose();
        }
    }
}
