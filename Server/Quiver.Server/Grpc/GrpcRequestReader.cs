using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Quiver.Protocol.Grpc;

namespace Quiver.Server.Grpc;

/// <summary>Reads the single request message of a unary or server-streaming call, up to the end of the request body.</summary>
internal static class GrpcRequestReader
{
    public static async Task<TRequest> ReadSingleAsync<TRequest>(
        PipeReader body, MessageParser<TRequest> parser, bool gzip, int maxMessageBytes, CancellationToken cancellation)
        where TRequest : class, IMessage<TRequest>
    {
        var request = default(TRequest);
        while (true)
        {
            var read = await body.ReadAsync(cancellation);
            var buffer = read.Buffer;
            try
            {
                if (request is null && GrpcFraming.TryReadMessage(ref buffer, maxMessageBytes, out var payload, out var compressed))
                {
                    request = Parse(parser, payload, compressed, gzip, maxMessageBytes);
                }

                if (request is not null && buffer.Length > 0)
                {
                    throw new GrpcStatusException(GrpcStatusCode.Internal, "The call takes one request message but the client sent more.");
                }

                if (read.IsCompleted)
                {
                    return request ?? throw new GrpcStatusException(
                        GrpcStatusCode.Internal,
                        buffer.Length == 0 ? "The request has no message." : "The request ended in the middle of a message.");
                }
            }
            finally
            {
                body.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    private static TRequest Parse<TRequest>(MessageParser<TRequest> parser, ReadOnlySequence<byte> payload, bool compressed, bool gzip, int maxMessageBytes)
        where TRequest : IMessage<TRequest>
    {
        if (compressed && !gzip)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, "A message is flagged compressed but the request names no grpc-encoding.");
        }

        try
        {
            return compressed ? parser.ParseFrom(GrpcCompression.Decompress(payload, maxMessageBytes)) : parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, $"Could not parse the request message: {error.Message}", innerException: error);
        }
    }
}
