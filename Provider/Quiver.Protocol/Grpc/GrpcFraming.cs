using System.Buffers;
using System.Buffers.Binary;

namespace Quiver.Protocol.Grpc;

/// <summary>
/// gRPC's length-prefixed messages (doc/PROTOCOL-HTTP2.md): a compressed-flag byte, a 4-byte big-endian length, then
/// the message.
/// </summary>
public static class GrpcFraming
{
    /// <summary>Bytes before each message.</summary>
    public const int HeaderLength = 5;

    /// <summary>Writes a message header.</summary>
    public static void WriteHeader(Span<byte> destination, int messageLength, bool compressed = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messageLength);
        destination[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)messageLength);
    }

    /// <summary>
    /// Takes one whole message off the front of <paramref name="buffer"/>. False when more bytes are needed; a message
    /// announced larger than <paramref name="maxMessageBytes"/> is RESOURCE_EXHAUSTED before any of it is buffered.
    /// </summary>
    public static bool TryReadMessage(ref ReadOnlySequence<byte> buffer, int maxMessageBytes, out ReadOnlySequence<byte> message, out bool compressed)
    {
        message = default;
        compressed = false;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            var flag => throw new GrpcStatusException(GrpcStatusCode.Internal, $"Invalid gRPC message: compressed flag {flag}."),
        };
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxMessageBytes)
        {
            throw new GrpcStatusException(
                GrpcStatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {maxMessageBytes})");
        }

        if (buffer.Length < HeaderLength + length)
        {
            return false;
        }

        message = buffer.Slice(HeaderLength, length);
        buffer = buffer.Slice(message.End);
        return true;
    }
}
