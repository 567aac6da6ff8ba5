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
        var length = ReadHeader(header, maxMessageBytes, out compressed);
        if (buffer.Length < HeaderLength + length)
        {
            return false;
        }

        message = buffer.Slice(HeaderLength, length);
        buffer = buffer.Slice(message.End);
        return true;
    }

    /// <summary>
    /// Reads a message header: the message's length and whether it is compressed. INTERNAL for a flag other than 0 or 1,
    /// RESOURCE_EXHAUSTED for a length over <paramref name="maxMessageBytes"/>.
    /// </summary>
    public static int ReadHeader(ReadOnlySpan<byte> header, int maxMessageBytes, out bool compressed)
    {
        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            var flag => throw new GrpcStatusException(GrpcStatusCode.Internal, $"Invalid gRPC message: compressed flag {flag}."),
        };
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..HeaderLength]);
        if (length > (uint)maxMessageBytes)
        {
            throw new GrpcStatusException(
                GrpcStatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {maxMessageBytes})");
        }

        return (int)length;
    }
}
