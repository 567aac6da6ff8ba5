using Google.Protobuf;
using Grpc.Core;
using Quiver.GrpcPeers.Shapes;
using Quiver.Protocol.Grpc;

namespace Quiver.GrpcPeers;

/// <summary>The RPCs of <c>quiver.testing.Shapes</c> (Protos/shapes.proto), and calls of them over any channel.</summary>
public static class ShapesMethods
{
    /// <summary>The proto's service name.</summary>
    public const string Service = "quiver.testing.Shapes";

    /// <summary>Unary echo.</summary>
    public static readonly Method<EchoRequest, EchoReply> Echo = Unary("Echo", EchoRequest.Parser, EchoReply.Parser);

    /// <summary>A stream of patterned chunks.</summary>
    public static readonly Method<DownloadRequest, Chunk> Download = Streaming("Download", DownloadRequest.Parser, Chunk.Parser);

    /// <summary>Unary that fails as asked.</summary>
    public static readonly Method<FailRequest, EchoReply> Fail = Unary("Fail", FailRequest.Parser, EchoReply.Parser);

    /// <summary>One chunk, then the asked failure.</summary>
    public static readonly Method<FailRequest, Chunk> FailMidStream = Streaming("FailMidStream", FailRequest.Parser, Chunk.Parser);

    /// <summary>One chunk, then waits to be cancelled.</summary>
    public static readonly Method<HangRequest, Chunk> Hang = Streaming("Hang", HangRequest.Parser, Chunk.Parser);

    /// <summary>Implemented nowhere.</summary>
    public static readonly Method<EchoRequest, EchoReply> Missing = Unary("Missing", EchoRequest.Parser, EchoReply.Parser);

    /// <summary>Calls a unary method.</summary>
    public static Task<TResponse> UnaryAsync<TRequest, TResponse>(
        this ChannelBase channel, Method<TRequest, TResponse> method, TRequest request, GrpcCallOptions options = default)
        where TRequest : class
        where TResponse : class =>
        GrpcCalls.UnaryAsync(channel.CreateCallInvoker().AsyncUnaryCall(method, null, options.ToCallOptions(), request), options.CancellationToken, options.Deadline);

    /// <summary>Starts a server-streaming call; returns once the response headers arrived.</summary>
    public static Task<IGrpcResponseStream<TResponse>> ServerStreamingAsync<TRequest, TResponse>(
        this ChannelBase channel, Method<TRequest, TResponse> method, TRequest request, GrpcCallOptions options = default)
        where TRequest : class
        where TResponse : class =>
        ServerStream<TResponse>.StartAsync(channel.CreateCallInvoker().AsyncServerStreamingCall(method, null, options.ToCallOptions(), request), options.CancellationToken, options.Deadline);

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

    private static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(MethodType.Unary, Service, name, Marshaller(request), Marshaller(response));

    private static Method<TRequest, TResponse> Streaming<TRequest, TResponse>(string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(MethodType.ServerStreaming, Service, name, Marshaller(request), Marshaller(response));

    private static Marshaller<T> Marshaller<T>(MessageParser<T> parser)
        where T : class, IMessage<T> =>
        Marshallers.Create(message => message.ToByteArray(), parser.ParseFrom);
}
