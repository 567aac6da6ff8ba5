namespace Quiver.Protocol.Grpc;

/// <summary>gRPC status codes (doc/statuscodes.md in the gRPC repository).</summary>
public enum GrpcStatusCode
{
    /// <summary>Success.</summary>
    OK = 0,

    /// <summary>The operation was cancelled, typically by the caller.</summary>
    Cancelled = 1,

    /// <summary>An error with no better code.</summary>
    Unknown = 2,

    /// <summary>The client sent an invalid argument.</summary>
    InvalidArgument = 3,

    /// <summary>The deadline passed before the operation completed.</summary>
    DeadlineExceeded = 4,

    /// <summary>An entity (for example a session) was not found.</summary>
    NotFound = 5,

    /// <summary>An entity the client tried to create already exists.</summary>
    AlreadyExists = 6,

    /// <summary>The caller may not do this.</summary>
    PermissionDenied = 7,

    /// <summary>A resource or limit is exhausted (including messages larger than allowed).</summary>
    ResourceExhausted = 8,

    /// <summary>The system is not in a state required for the operation.</summary>
    FailedPrecondition = 9,

    /// <summary>Aborted, typically by a concurrency conflict.</summary>
    Aborted = 10,

    /// <summary>Out of a valid range.</summary>
    OutOfRange = 11,

    /// <summary>The method is not implemented.</summary>
    Unimplemented = 12,

    /// <summary>An internal error.</summary>
    Internal = 13,

    /// <summary>The service is unavailable; retrying may succeed.</summary>
    Unavailable = 14,

    /// <summary>Unrecoverable data loss.</summary>
    DataLoss = 15,

    /// <summary>The caller is not authenticated.</summary>
    Unauthenticated = 16,
}
