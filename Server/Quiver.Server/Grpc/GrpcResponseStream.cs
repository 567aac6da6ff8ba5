using System.Buffers;
using Google.Protobuf;
using Quiver.Protocol.Grpc;

namespace Quiver.Server.Grpc;

/// <summary>
/// Writes response messages to the HTTP/2 stream. Each write waits for the flush, so a slow client holds the handler
/// back (HTTP/2 flow control) instead of letting responses pile up in memory.
/// </summary>
internal sealed class GrpcResponseStream<TResponse>
    where TResponse : IMessage<TResponse>
{
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

        await writer.FlushAsync(_cancellation);
    }
}
