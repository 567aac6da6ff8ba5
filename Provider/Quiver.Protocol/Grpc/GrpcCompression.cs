using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Quiver.Protocol.Grpc;

/// <summary>
/// Message compression (doc/compression.md): <c>identity</c> and <c>gzip</c>. Decompression is bounded by the receive
/// limit, so a small compressed message cannot expand into unbounded memory.
/// </summary>
public static class GrpcCompression
{
    /// <summary>No compression.</summary>
    public const string Identity = "identity";

    /// <summary>gzip (RFC 1952).</summary>
    public const string Gzip = "gzip";

    /// <summary>What this implementation accepts, for grpc-accept-encoding.</summary>
    public const string Supported = "identity,gzip";

    /// <summary>True when the encoding is one Quiver can read.</summary>
    public static bool IsSupported(string? encoding) =>
        encoding is null or "" or Identity or Gzip;

    /// <summary>True when a grpc-accept-encoding list names gzip.</summary>
    public static bool AcceptsGzip(string? acceptEncoding) =>
        acceptEncoding is not null
        && acceptEncoding.Split(',', StringSplitOptions.TrimEntries).Contains(Gzip, StringComparer.OrdinalIgnoreCase);

    /// <summary>One message gzip-compressed and framed: header with the compressed flag, then the compressed bytes.</summary>
    public static byte[] CompressFramed(ReadOnlySpan<byte> message)
    {
        using var output = new MemoryStream();
        output.Write(stackalloc byte[GrpcFraming.HeaderLength]);
        WriteGzip(output, message);
        var framed = output.ToArray();
        GrpcFraming.WriteHeader(framed, framed.Length - GrpcFraming.HeaderLength, compressed: true);
        return framed;
    }

    private static void WriteGzip(Stream output, ReadOnlySpan<byte> message)
    {
        using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        gzip.Write(message);
    }

    /// <summary>
    /// Decompresses one gzip message; RESOURCE_EXHAUSTED when it expands beyond <paramref name="maxMessageBytes"/>,
    /// INTERNAL when it is not valid gzip.
    /// </summary>
    public static byte[] Decompress(ReadOnlySequence<byte> compressed, int maxMessageBytes)
    {
        using var input = compressed.IsSingleSegment && MemoryMarshal.TryGetArray(compressed.First, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(compressed.ToArray(), writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = gzip.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > maxMessageBytes)
                {
                    throw new GrpcStatusException(
                        GrpcStatusCode.ResourceExhausted, $"Received message larger than max when decompressed (over {maxMessageBytes} bytes)");
                }

                output.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException error)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, $"Could not decompress a gzip message: {error.Message}", innerException: error);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return output.ToArray();
    }
}
