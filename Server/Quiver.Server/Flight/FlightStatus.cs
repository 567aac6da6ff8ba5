using Google.Protobuf;
using Grpc.Core;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Server.Flight;

/// <summary>
/// The gRPC status a statement's error gets on Flight, where errors end the call (quiver.v1 reports them in its
/// event stream instead). The message and the quiver-error-bin trailer carry the SQLSTATE and details as on quiver.v1.
/// </summary>
internal static class FlightStatus
{
    public static RpcException Exception(Error error)
        => new(new Status(Of(error), $"{error.SqlState}: {error.Message}"), new Metadata { { ErrorTrailer.Key, error.ToByteArray() } });

    /// <summary>A quiver.v1 failure as Flight reports it: the same status and details, the SQLSTATE leading the message.</summary>
    public static RpcException WithSqlState(RpcException failure)
        => ErrorTrailer.Read(failure) is { } error && !failure.Status.Detail.StartsWith(error.SqlState + ":", StringComparison.Ordinal)
            ? new RpcException(new Status(failure.StatusCode, $"{error.SqlState}: {failure.Status.Detail}"), failure.Trailers)
            : failure;

    public static StatusCode Of(Error error) => Failures.StatusOf(error);
}
