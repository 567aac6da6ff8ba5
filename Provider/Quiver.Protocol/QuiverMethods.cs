using Google.Protobuf;
using Grpc.Core;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Protocol;

/// <summary>Names of <c>quiver.v1.Quiver</c> as both ends address it, and the client's streaming methods.</summary>
public static class QuiverMethods
{
    /// <summary>The proto's fully qualified service name.</summary>
    public const string Service = "quiver.v1.Quiver";

    /// <summary>Execute, its events received with pooled batch payloads (<see cref="PooledBatches"/>).</summary>
    public static readonly Method<ExecuteRequest, ExecuteEvent> Execute = Streaming("Execute", ExecuteRequest.Parser);

    /// <summary>GetMetadata, its events received with pooled batch payloads (<see cref="PooledBatches"/>).</summary>
    public static readonly Method<MetadataRequest, ExecuteEvent> GetMetadata = Streaming("GetMetadata", MetadataRequest.Parser);

    /// <summary>Reattach, its events received with pooled batch payloads (<see cref="PooledBatches"/>).</summary>
    public static readonly Method<ReattachRequest, ExecuteEvent> Reattach = Streaming("Reattach", ReattachRequest.Parser);

    private static Method<TRequest, ExecuteEvent> Streaming<TRequest>(string name, MessageParser<TRequest> parser)
        where TRequest : class, IMessage<TRequest> =>
        new(MethodType.ServerStreaming, Service, name, Marshallers.Create(request => request.ToByteArray(), parser.ParseFrom), PooledBatches.EventMarshaller);
}
