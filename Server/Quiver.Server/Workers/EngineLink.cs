using System.Buffers.Binary;
using System.Text;
using Grpc.Core;
using Quiver.Protocol.Grpc;

namespace Quiver.Server.Workers;

/// <summary>
/// The engine link: how this server and its engine processes talk over a Unix socket. Frames of a 4-byte little-endian
/// payload length, a kind byte and the payload; quiver.v1's own protobuf messages inside. One call at a time per
/// connection: Call (method byte, request), then the answer: a Message (unary), or Messages and End (streams), or
/// Error. Ingest's later requests follow its Call as Request frames and EndOfRequests. Closing the
/// connection cancels its call.
/// Both ends read and write with blocking socket calls on the thread that serves the call: a frame then costs one
/// thread wake-up on the receiving side, where asynchronous sockets cost two or three (the event loop's thread, then a
/// pool thread); on this project's 2-core machines each wake-up was 30 to 40 µs.
/// Why not gRPC over the socket (the first design): a relayed SELECT 1 paid about 256 µs more than in the server
/// (bench engine-process, 2026-12-04-0440), one more HTTP/2 client and server per call; these frames cost one socket
/// write and read each way.
/// </summary>
internal static class EngineLink
{
    public const int HeaderBytes = 5;

    /// <summary>An Error frame's payload: gRPC status code, its message, and Quiver's structured error if the failure carried one.</summary>
    public static byte[] ErrorPayload(RpcException failure)
    {
        var detail = Encoding.UTF8.GetBytes(failure.Status.Detail ?? "");
        var error = failure.Trailers.GetValueBytes(ErrorTrailer.Key) ?? [];
        var payload = new byte[8 + detail.Length + error.Length];
        BinaryPrimitives.WriteInt32LittleEndian(payload, (int)failure.StatusCode);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), detail.Length);
        detail.CopyTo(payload, 8);
        error.CopyTo(payload, 8 + detail.Length);
        return payload;
    }

    /// <summary>The failure an Error frame carries, as the engine process's handler threw it.</summary>
    public static RpcException ReadError(ReadOnlySpan<byte> payload)
    {
        var bytes = payload.ToArray();
        if (bytes.Length < 8 || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) is var length && (length < 0 || length > bytes.Length - 8))
        {
            throw new InvalidDataException("The engine process sent a malformed error frame.");
        }

        var status = new Status((StatusCode)BinaryPrimitives.ReadInt32LittleEndian(bytes), Encoding.UTF8.GetString(bytes, 8, length));
        var trailers = new Metadata();
        if (bytes.Length > 8 + length)
        {
            trailers.Add(ErrorTrailer.Key, bytes[(8 + length)..]);
        }

        return new RpcException(status, trailers);
    }
}

/// <summary>What a frame of the engine link is.</summary>
internal enum LinkFrame : byte
{
    /// <summary>First frame of a connection, server to engine: the authorization value ("Bearer " and the token).</summary>
    Hello = 1,

    /// <summary>The engine accepted the Hello: the connection's id (8 bytes, little-endian), for Abort.</summary>
    Welcome = 2,

    /// <summary>A call: the method byte, then the request.</summary>
    Call = 3,

    /// <summary>One more request of an Ingest call.</summary>
    Request = 4,

    /// <summary>An Ingest call's requests are all sent.</summary>
    EndOfRequests = 5,

    /// <summary>A unary call's response, or one event of a stream.</summary>
    Message = 6,

    /// <summary>A stream ended well.</summary>
    End = 7,

    /// <summary>The call failed: see <see cref="EngineLink.ErrorPayload"/>.</summary>
    Error = 8,

    /// <summary>
    /// Server to engine, on any connection between calls, not answered: cancel the call of the connection whose id
    /// (8 bytes, from its Welcome) it names. For a handler that computes without reading its own connection.
    /// </summary>
    Abort = 9,
}

/// <summary>The quiver.v1 call a Call frame makes.</summary>
internal enum LinkMethod : byte
{
    None = 0,
    OpenSession = 1,
    CloseSession = 2,
    Ping = 3,
    Describe = 4,
    Cancel = 5,
    ResetSession = 6,
    Release = 7,
    Execute = 8,
    GetMetadata = 9,
    Reattach = 10,
    Ingest = 11,
}
