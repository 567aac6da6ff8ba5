using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Protocol;

/// <summary>The RPCs of <c>quiver.v1.Quiver</c>, as both ends address them.</summary>
public static class QuiverMethods
{
    /// <summary>The proto's fully qualified service name.</summary>
    public const string Service = "quiver.v1.Quiver";

    /// <summary>Opens a session.</summary>
    public static readonly GrpcMethod<OpenSessionRequest, OpenSessionResponse> OpenSession =
        new(Service, "OpenSession", GrpcMethodKind.Unary, OpenSessionRequest.Parser, OpenSessionResponse.Parser);

    /// <summary>Closes a session.</summary>
    public static readonly GrpcMethod<CloseSessionRequest, CloseSessionResponse> CloseSession =
        new(Service, "CloseSession", GrpcMethodKind.Unary, CloseSessionRequest.Parser, CloseSessionResponse.Parser);

    /// <summary>Liveness and session check; creates nothing.</summary>
    public static readonly GrpcMethod<PingRequest, PingResponse> Ping =
        new(Service, "Ping", GrpcMethodKind.Unary, PingRequest.Parser, PingResponse.Parser);

    /// <summary>Runs statements and streams their results.</summary>
    public static readonly GrpcMethod<ExecuteRequest, ExecuteEvent> Execute =
        new(Service, "Execute", GrpcMethodKind.ServerStreaming, ExecuteRequest.Parser, ExecuteEvent.Parser);

    /// <summary>Describes a statement without running it.</summary>
    public static readonly GrpcMethod<DescribeRequest, DescribeResponse> Describe =
        new(Service, "Describe", GrpcMethodKind.Unary, DescribeRequest.Parser, DescribeResponse.Parser);

    /// <summary>Cancels an operation or all of a session's.</summary>
    public static readonly GrpcMethod<CancelRequest, CancelResponse> Cancel =
        new(Service, "Cancel", GrpcMethodKind.Unary, CancelRequest.Parser, CancelResponse.Parser);

    /// <summary>Catalog metadata as Arrow results.</summary>
    public static readonly GrpcMethod<MetadataRequest, ExecuteEvent> GetMetadata =
        new(Service, "GetMetadata", GrpcMethodKind.ServerStreaming, MetadataRequest.Parser, ExecuteEvent.Parser);

    /// <summary>Returns a session to its just-opened state (for connection pools).</summary>
    public static readonly GrpcMethod<ResetSessionRequest, ResetSessionResponse> ResetSession =
        new(Service, "ResetSession", GrpcMethodKind.Unary, ResetSessionRequest.Parser, ResetSessionResponse.Parser);
}
