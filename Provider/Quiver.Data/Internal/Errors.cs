using Grpc.Core;
using Quiver.Protocol.Grpc;
using V1 = Quiver.Protocol.V1;

namespace Quiver.Data.Internal;

/// <summary>Turns the server's structured errors and gRPC statuses into <see cref="QuiverException"/>s.</summary>
internal static class Errors
{
    public static QuiverException From(V1.Error error, string? sql = null, Exception? inner = null)
        => new(error.Message, error.SqlState.Length > 0 ? error.SqlState : "XX000", (QuiverErrorClass)error.ErrorClass, inner)
        {
            Line = (int)error.Line,
            Column = (int)error.Column,
            Position = PositionOf(sql, (int)error.Line, (int)error.Column),
            StatementIndex = (int)error.StatementIndex,
            Transient = error.Transient,
        };

    public static QuiverException From(RpcException failure, string? sql = null)
    {
        if (ErrorTrailer.Read(failure) is { } error)
        {
            return From(error, sql, failure);
        }

        // The transport failed under the call (the connection dropped, a ping went unanswered, the stream was reset):
        // the server said nothing, so it is a connection failure whatever gRPC status the HTTP/2 error maps to.
        var transport = (failure.Status.DebugException ?? failure.InnerException) is HttpProtocolException or HttpRequestException or IOException;
        var (state, errorClass, transient) = transport ? ("08006", QuiverErrorClass.Protocol, true) : failure.StatusCode switch
        {
            StatusCode.Unavailable => ("08006", QuiverErrorClass.Protocol, true),
            StatusCode.Unauthenticated => ("28000", QuiverErrorClass.Permission, false),
            StatusCode.PermissionDenied => ("42501", QuiverErrorClass.Permission, false),
            StatusCode.DeadlineExceeded => ("57014", QuiverErrorClass.Timeout, false),
            StatusCode.Cancelled => ("57014", QuiverErrorClass.Cancelled, false),
            StatusCode.ResourceExhausted => ("53000", QuiverErrorClass.Resource, true),
            StatusCode.NotFound => ("08003", QuiverErrorClass.Session, false),
            StatusCode.Unimplemented => ("0A000", QuiverErrorClass.Protocol, false),
            _ => ("08000", QuiverErrorClass.Protocol, false),
        };
        var message = failure.StatusCode == StatusCode.Unauthenticated
            ? "The server refused the token (UNAUTHENTICATED): check Token or Token File in the connection string."
            : $"The server call failed ({failure.StatusCode}): {failure.Status.Detail}";
        return new QuiverException(message, state, errorClass, failure) { Transient = transient };
    }

    /// <summary>Whether a failure means the session itself is unusable (gone, stale, or the connection dropped).</summary>
    public static bool BreaksSession(QuiverException error)
        => error.ErrorClass == QuiverErrorClass.Session || error.SqlState is "08003" or "08006" or "08000" or "57P01";

    private static int PositionOf(string? sql, int line, int column)
    {
        if (sql is null || line <= 0 || column <= 0)
        {
            return 0;
        }

        var index = 0;
        for (var current = 1; current < line; current++)
        {
            var next = sql.IndexOf('\n', index);
            if (next < 0)
            {
                return 0;
            }

            index = next + 1;
        }

        return index + column;
    }
}
