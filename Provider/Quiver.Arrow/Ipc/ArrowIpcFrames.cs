namespace Quiver.Arrow;

/// <summary>
/// Splits an encapsulated IPC message into its flatbuffer <c>Message</c> and its body without decoding the body, for
/// protocols that carry the two apart (Arrow Flight's FlightData has data_header and data_body). The prefix and the
/// header are checked as <see cref="ArrowIpcDecoder"/> checks them.
/// </summary>
public static class ArrowIpcFrames
{
    /// <summary>The first message of <paramref name="bytes"/>; <paramref name="consumed"/> is its length with prefix and body.</summary>
    /// <exception cref="ArrowFormatException">The bytes do not start with a complete message.</exception>
    public static (ReadOnlyMemory<byte> Metadata, ReadOnlyMemory<byte> Body) Read(ReadOnlyMemory<byte> bytes, out int consumed)
    {
        var decoder = new ArrowIpcDecoder();
        var (prefix, metadataLength) = decoder.ReadPrefix(bytes.Span, out var complete);
        if (!complete || metadataLength == 0 || bytes.Length - prefix < metadataLength)
        {
            throw new ArrowFormatException($"Expected a complete IPC message; {bytes.Length} bytes hold none.");
        }

        var metadata = bytes.Slice(prefix, metadataLength);
        var (bodyLength, _) = decoder.ReadHeader(metadata.Span);
        if (bytes.Length - prefix - metadataLength < bodyLength)
        {
            throw new ArrowFormatException($"The IPC message's body of {bodyLength} bytes is cut short at {bytes.Length - prefix - metadataLength}.");
        }

        consumed = prefix + metadataLength + (int)bodyLength;
        return (metadata, bytes.Slice(prefix + metadataLength, (int)bodyLength));
    }
}
