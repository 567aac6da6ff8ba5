using Grpc.Core;

namespace Quiver.Server.Grpc;

/// <summary>
/// Writes response messages of a server-streaming call. Each write waits for the flush, so a slow client holds the
/// handler back (HTTP/2 flow control) instead of letting responses pile up in memory; a client that takes no data for
/// the stall timeout gets its stream reset.
/// </summary>
internal sealed class GrpcResponseStream<TResponse> : IResponseSink<TResponse>, IDisposable
    where TResponse : Google.Protobuf.IMessage<TResponse>
{
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);
    private readonly object _stallGate = new();
    private readonly IServerStreamWriter<TResponse> _writer;
    private readonly CallContext _call;
    private readonly GrpcServerOptions _options;
    private Timer? _stallTimer;
    private bool _stalled;
    private bool _disposed;

    public GrpcResponseStream(IServerStreamWriter<TResponse> writer, CallContext call, GrpcServerOptions options)
    {
        _writer = writer;
        _call = call;
        _options = options;
    }

    /// <summary>Sends the response headers now, before any message, so the client knows the call is under way.</summary>
    public Task StartAsync() => _call.SendHeadersAsync();

    /// <param name="message">The message.</param>
    /// <param name="followedAtOnce">
    /// Another message follows without waiting for the engine: this one is written without a flush, so the two leave
    /// together (a small result is one network write instead of one per event).
    /// </param>
    public async ValueTask WriteAsync(TResponse message, bool followedAtOnce = false)
    {
        if (Stalled)
        {
            throw new StreamStalledException(_options.StreamStallTimeout, new OperationCanceledException());
        }

        _call.CancellationToken.ThrowIfCancellationRequested();
        var size = message.CalculateSize();
        if (size > _options.MaxSendMessageBytes)
        {
            // Grpc.AspNetCore would refuse it too, with a message that names no limit.
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted, $"Sent message larger than max ({size} vs. {_options.MaxSendMessageBytes})"));
        }

        _writer.WriteOptions = followedAtOnce ? Buffered : null;
        var write = _writer.WriteAsync(message, _call.CancellationToken);
        if (write.IsCompleted || _options.StreamStallTimeout <= TimeSpan.Zero)
        {
            await write;
            return;
        }

        // The client is not taking data as fast as it comes: give it the stall timeout, then reset the stream, which
        // cancels the call like a client that went away.
        _stallTimer ??= new Timer(static state => ((GrpcResponseStream<TResponse>)state!).Stall(), this, Timeout.Infinite, Timeout.Infinite);
        _stallTimer.Change(_options.StreamStallTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            await write;
        }
        catch (Exception error) when (Stalled)
        {
            throw new StreamStalledException(_options.StreamStallTimeout, error);
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
            _call.HttpContext!.Abort();
        }
    }

    public void Abort()
    {
        lock (_stallGate)
        {
            if (!_disposed)
            {
                _call.HttpContext!.Abort();
            }
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
