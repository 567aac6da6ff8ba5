using Grpc.Core;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Server;

/// <summary>The errors the server itself raises (not DuckDB's), each with its gRPC status, SQLSTATE and class.</summary>
internal static class Failures
{
    public static Error Error(string sqlState, ErrorClass errorClass, string message, bool transient = false, uint statementIndex = 0) => new()
    {
        SqlState = sqlState,
        ErrorClass = errorClass,
        Message = message,
        Transient = transient,
        StatementIndex = statementIndex,
    };

    public static RpcException Status(StatusCode status, Error error) => ErrorTrailer.Exception(status, error);

    /// <summary>The gRPC status for a statement's error when the call itself ends with it (Flight SQL, Ingest).</summary>
    public static StatusCode StatusOf(Error error) => error.ErrorClass switch
    {
        ErrorClass.Syntax or ErrorClass.Semantic or ErrorClass.Data or ErrorClass.Protocol => StatusCode.InvalidArgument,
        ErrorClass.Constraint => StatusCode.FailedPrecondition,
        ErrorClass.Transaction => StatusCode.Aborted,
        ErrorClass.Permission => StatusCode.PermissionDenied,
        ErrorClass.Resource => StatusCode.ResourceExhausted,
        ErrorClass.Cancelled => StatusCode.Cancelled,
        ErrorClass.Timeout => StatusCode.DeadlineExceeded,
        ErrorClass.Session => StatusCode.NotFound,
        _ => StatusCode.Internal,
    };

    /// <summary>Unknown, closed, expired, or another principal's: the same answer, on purpose.</summary>
    public static RpcException SessionNotFound() => Status(
        StatusCode.NotFound, Error("08003", ErrorClass.Session, "The session is unknown, closed or expired; open a new session."));

    public static RpcException SessionStale() => Status(
        StatusCode.NotFound,
        Error("08003", ErrorClass.Session, "The session belongs to another server process: this server has restarted since it was opened, or another server behind the same address opened it; open a new session."));

    public static RpcException InvalidRequest(string message) => Status(
        StatusCode.InvalidArgument, Error("08P01", ErrorClass.Protocol, message));

    public static RpcException Busy(string message) => Status(
        StatusCode.ResourceExhausted, Error("53300", ErrorClass.Resource, message));
}
