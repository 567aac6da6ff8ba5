using Google.Protobuf;
using Grpc.Core;
using Quiver.Protocol.V1;

namespace Quiver.Protocol.Grpc;

/// <summary>
/// Quiver's structured error travels next to grpc-status and grpc-message in the binary trailer
/// <c>quiver-error-bin</c> (a serialized <see cref="Error"/>).
/// </summary>
public static class ErrorTrailer
{
    /// <summary>The trailer's name (binary: the -bin suffix makes gRPC base64 it).</summary>
    public const string Key = "quiver-error-bin";

    /// <summary>A call failure carrying <paramref name="error"/>; its message becomes grpc-message.</summary>
    public static RpcException Exception(StatusCode status, Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new RpcException(new Status(status, error.Message), new Metadata { { Key, error.ToByteArray() } });
    }

    /// <summary>The structured error a failed call carried, or null (none sent, or not parseable: the status still stands).</summary>
    public static Error? Read(RpcException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure.Trailers.GetValueBytes(Key) is not { } bytes)
        {
            return null;
        }

        try
        {
            return Error.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
