namespace Quiver.Protocol.Grpc;

/// <summary>A call that ended with a non-OK gRPC status, with Quiver's structured error when the peer sent one.</summary>
public sealed class GrpcStatusException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GrpcStatusException(GrpcStatusCode status, string detail, V1.Error? error = null, Exception? innerException = null)
        : base($"{status}: {detail}", innerException)
    {
        Status = status;
        Detail = detail;
        Error = error;
    }

    /// <summary>The gRPC status.</summary>
    public GrpcStatusCode Status { get; }

    /// <summary>The status message (grpc-message, decoded).</summary>
    public string Detail { get; }

    /// <summary>The structured error from the quiver-error-bin trailer, if any.</summary>
    public V1.Error? Error { get; }
}
