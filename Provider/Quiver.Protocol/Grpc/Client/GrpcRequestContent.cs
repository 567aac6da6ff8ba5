using System.Buffers;
using System.Net;
using Google.Protobuf;

namespace Quiver.Protocol.Grpc.Client;

/// <summary>One length-prefixed request message as the HTTP/2 request body, serialized into a pooled buffer.</summary>
internal sealed class GrpcRequestContent : HttpContent
{
    private readonly IMessage _message;
    private readonly bool _compress;

    public GrpcRequestContent(IMessage message, bool compress)
    {
        _message = message;
        _compress = compress;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_compress)
        {
            await stream.WriteAsync(GrpcCompression.CompressFramed(_message.ToByteArray()), cancellationToken);
            return;
        }

        var size = _message.CalculateSize();
        var buffer = ArrayPool<byte>.Shared.Rent(GrpcFraming.HeaderLength + size);
        try
        {
            GrpcFraming.WriteHeader(buffer, size);
            _message.WriteTo(buffer.AsSpan(GrpcFraming.HeaderLength, size));
            await stream.WriteAsync(buffer.AsMemory(0, GrpcFraming.HeaderLength + size), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        // Unknown up front when compressing; gRPC does not need content-length either way.
        length = 0;
        return false;
    }
}
