using Quiver.Adbc.Native;
using Quiver.Data;

namespace Quiver.Adbc;

/// <summary>A failure with the ADBC status, SQLSTATE and message the caller's AdbcError gets.</summary>
internal sealed class AdbcException(AdbcStatus status, string message, string sqlState = "", Exception? inner = null) : Exception(message, inner)
{
    public AdbcStatus Status { get; } = status;

    public string SqlState { get; } = sqlState;

    public static AdbcException NotImplemented(string what) => new(AdbcStatus.NotImplemented, what);

    public static AdbcException InvalidState(string what) => new(AdbcStatus.InvalidState, what);

    public static AdbcException InvalidArgument(string what) => new(AdbcStatus.InvalidArgument, what);

    /// <summary>The ADBC view of any failure: the server's SQLSTATE decides the status where it can.</summary>
    public static AdbcException From(Exception error) => error switch
    {
        AdbcException adbc => adbc,
        QuiverException quiver => new(StatusOf(quiver.SqlState), quiver.Message, quiver.SqlState, quiver),
        OperationCanceledException => new(AdbcStatus.Cancelled, "The operation was cancelled.", "57014", error),
        ArgumentException or FormatException => new(AdbcStatus.InvalidArgument, error.Message, "", error),
        InvalidOperationException => new(AdbcStatus.InvalidState, error.Message, "", error),
        NotSupportedException => new(AdbcStatus.NotImplemented, error.Message, "", error),
        _ => new(AdbcStatus.Internal, $"{error.GetType().Name}: {error.Message}", "", error),
    };

    // SQLSTATE classes (SQL:2003 and PostgreSQL's, as the server reports them) to ADBC's statuses.
    private static AdbcStatus StatusOf(string sqlState) => sqlState switch
    {
        "57014" => AdbcStatus.Cancelled,
        "42P01" or "42703" or "42883" or "3F000" or "3D000" => AdbcStatus.NotFound,
        "42P07" or "42710" => AdbcStatus.AlreadyExists,
        "28000" or "28P01" => AdbcStatus.Unauthenticated,
        "42501" => AdbcStatus.Unauthorized,
        "0A000" => AdbcStatus.NotImplemented,
        "57P01" => AdbcStatus.IO,
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => AdbcStatus.IO,
        _ when sqlState.StartsWith("22", StringComparison.Ordinal) => AdbcStatus.InvalidData,
        _ when sqlState.StartsWith("23", StringComparison.Ordinal) => AdbcStatus.Integrity,
        _ when sqlState.StartsWith("42", StringComparison.Ordinal) => AdbcStatus.InvalidArgument,
        _ when sqlState.StartsWith("25", StringComparison.Ordinal) || sqlState.StartsWith("55", StringComparison.Ordinal) => AdbcStatus.InvalidState,
        _ when sqlState.StartsWith("53", StringComparison.Ordinal) || sqlState.StartsWith("54", StringComparison.Ordinal) => AdbcStatus.Internal,
        _ => AdbcStatus.Unknown,
    };
}
