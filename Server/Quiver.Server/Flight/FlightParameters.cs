using System.Buffers.Binary;
using Google.Protobuf;
using Grpc.Core;
using Quiver.Arrow;
using Quiver.Server.Flight.Protocol;

namespace Quiver.Server.Flight;

/// <summary>
/// Parameter values a Flight SQL client sends with DoPut: FlightData messages (a schema, then record batches) turned
/// back into the Arrow IPC stream quiver.v1 statements carry. The bytes come from the client, so Quiver.Arrow reads
/// and checks them here before anything binds them. Several rows run an update once per row; a query binds one.
/// </summary>
internal static class FlightParameters
{
    public static async Task<ByteString> ReadAsync(FlightData first, IAsyncStreamReader<FlightData> rest, int maxBytes, CancellationToken cancellationToken, bool allowEmpty = false)
    {
        var stream = new MemoryStream();
        Append(stream, first, maxBytes);
        while (await rest.MoveNext(cancellationToken))
        {
            Append(stream, rest.Current, maxBytes);
        }

        if (stream.Length == 0)
        {
            return ByteString.Empty;
        }

        stream.Write([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]);
        var bytes = stream.ToArray();
        if (allowEmpty)
        {
            return UnsafeByteOperations.UnsafeWrap(bytes);
        }

        CheckRows(bytes);
        return UnsafeByteOperations.UnsafeWrap(bytes);
    }

    /// <summary>
    /// An ingest's FlightData as Arrow IPC streams, one per record batch, each led by the schema message the first
    /// FlightData carried (the ingest decodes every stream on its own and checks each schema against the first).
    /// </summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> IngestStreamsAsync(
        FlightData first, IAsyncStreamReader<FlightData> rest, int maxBytes, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var schema = new MemoryStream();
        Append(schema, first, maxBytes);
        if (schema.Length == 0)
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.InvalidArgument, "An ingest's first FlightData must carry the Arrow schema."));
        }

        var sent = false;
        while (await rest.MoveNext(cancellationToken))
        {
            var stream = new MemoryStream();
            stream.Write(schema.GetBuffer(), 0, (int)schema.Length);
            Append(stream, rest.Current, maxBytes);
            stream.Write([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]);
            sent = true;
            yield return stream.GetBuffer().AsMemory(0, (int)stream.Length);
        }

        if (!sent)
        {
            // No rows: the schema alone still creates the table.
            schema.Write([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]);
            yield return schema.GetBuffer().AsMemory(0, (int)schema.Length);
        }
    }

    private static void Append(MemoryStream stream, FlightData data, int maxBytes)
    {
        if (data.DataHeader.IsEmpty)
        {
            return;
        }

        var header = data.DataHeader.Span;
        var padded = (header.Length + 7) & ~7;
        if (stream.Length + 8 + padded + data.DataBody.Length > maxBytes)
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.ResourceExhausted, $"The parameter values exceed {maxBytes} bytes (max-message-bytes)."));
        }

        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, -1);
        BinaryPrimitives.WriteInt32LittleEndian(prefix[4..], padded);
        stream.Write(prefix);
        stream.Write(header);
        stream.Write(new byte[padded - header.Length]);
        stream.Write(data.DataBody.Span);
    }

    private static void CheckRows(byte[] bytes)
    {
        var rows = 0;
        try
        {
            var decoder = new ArrowIpcDecoder();
            ReadOnlyMemory<byte> rest = bytes;
            while (!rest.IsEmpty)
            {
                var message = decoder.Decode(rest, out var consumed);
                rest = rest[consumed..];
                using var batch = message.Batch;
                rows += batch?.Length ?? 0;
            }
        }
        catch (ArrowFormatException error)
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.InvalidArgument, $"The parameter values are not a valid Arrow stream: {error.Message}"));
        }

        if (rows == 0)
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.InvalidArgument,
                "The parameter values have no rows (send one row, or several for an INSERT, UPDATE or DELETE run once per row)."));
        }
    }
}
