using Quiver.GrpcPeers.Shapes;
using Quiver.Protocol.Grpc;

namespace Quiver.GrpcPeers;

/// <summary>The RPCs of <c>quiver.testing.Shapes</c> (Protos/shapes.proto).</summary>
public static class ShapesMethods
{
    /// <summary>The proto's service name.</summary>
    public const string Service = "quiver.testing.Shapes";

    /// <summary>Unary echo.</summary>
    public static readonly GrpcMethod<EchoRequest, EchoReply> Echo = new(Service, "Echo", GrpcMethodKind.Unary, EchoRequest.Parser, EchoReply.Parser);

    /// <summary>A stream of patterned chunks.</summary>
    public static readonly GrpcMethod<DownloadRequest, Chunk> Download = new(Service, "Download", GrpcMethodKind.ServerStreaming, DownloadRequest.Parser, Chunk.Parser);

    /// <summary>Unary that fails as asked.</summary>
    public static readonly GrpcMethod<FailRequest, EchoReply> Fail = new(Service, "Fail", GrpcMethodKind.Unary, FailRequest.Parser, EchoReply.Parser);

    /// <summary>One chunk, then the asked failure.</summary>
    public static readonly GrpcMethod<FailRequest, Chunk> FailMidStream = new(Service, "FailMidStream", GrpcMethodKind.ServerStreaming, FailRequest.Parser, Chunk.Parser);

    /// <summary>One chunk, then waits to be cancelled.</summary>
    public static readonly GrpcMethod<HangRequest, Chunk> Hang = new(Service, "Hang", GrpcMethodKind.ServerStreaming, HangRequest.Parser, Chunk.Parser);

    /// <summary>Implemented nowhere.</summary>
    public static readonly GrpcMethod<EchoRequest, EchoReply> Missing = new(Service, "Missing", GrpcMethodKind.Unary, EchoRequest.Parser, EchoReply.Parser);

    /// <summary>Chunk <paramref name="index"/>'s content: byte j is (index + j) mod 251, as grpc-server.mjs writes it.</summary>
    public static byte[] Pattern(int index, int length)
    {
        var bytes = new byte[length];
        for (var j = 0; j < length; j++)
        {
            bytes[j] = (byte)((index + j) % 251);
        }

        return bytes;
    }
}
