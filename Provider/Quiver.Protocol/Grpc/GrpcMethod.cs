using Google.Protobuf;

namespace Quiver.Protocol.Grpc;

/// <summary>Whether a call sends one response or a stream of them (client streaming is not used by Quiver).</summary>
public enum GrpcMethodKind
{
    /// <summary>One request, one response.</summary>
    Unary,

    /// <summary>One request, a stream of responses.</summary>
    ServerStreaming,
}

/// <summary>One RPC: its HTTP/2 path (<c>/package.Service/Method</c>), its shape and how to parse both message types.</summary>
public sealed class GrpcMethod<TRequest, TResponse>
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    /// <summary>Describes a method of <paramref name="service"/> (the proto's fully qualified service name).</summary>
    public GrpcMethod(string service, string name, GrpcMethodKind kind, MessageParser<TRequest> requestParser, MessageParser<TResponse> responseParser)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Kind = kind;
        Path = $"/{service}/{name}";
        RequestParser = requestParser;
        ResponseParser = responseParser;
    }

    /// <summary>The method's name as the proto spells it.</summary>
    public string Name { get; }

    /// <summary>Unary or server streaming.</summary>
    public GrpcMethodKind Kind { get; }

    /// <summary>The request path, <c>/package.Service/Method</c>.</summary>
    public string Path { get; }

    /// <summary>Parses requests.</summary>
    public MessageParser<TRequest> RequestParser { get; }

    /// <summary>Parses responses.</summary>
    public MessageParser<TResponse> ResponseParser { get; }
}
