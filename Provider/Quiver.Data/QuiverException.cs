using System.Data.Common;

namespace Quiver.Data;

/// <summary>
/// A failure reported by the Quiver server or met talking to it: SQLSTATE, error class, position in the SQL, and
/// whether retrying may succeed.
/// </summary>
public sealed class QuiverException : DbException
{
    /// <summary>A Quiver error with a message and SQLSTATE.</summary>
    public QuiverException(string message, string sqlState = "XX000", QuiverErrorClass errorClass = QuiverErrorClass.Unspecified, Exception? innerException = null)
        : base(message, innerException)
    {
        SqlState = sqlState;
        ErrorClass = errorClass;
        MessageText = message;
    }

    /// <summary>
    /// The SQLSTATE, the message and, when known, where in the command text ("42601: syntax error at or near "WHERE"
    /// (line 3, column 2)"), as Npgsql's messages read, so that an error in a log says what and where.
    /// </summary>
    public override string Message => Line > 0 ? $"{SqlState}: {MessageText} (line {Line}, column {Column})" : $"{SqlState}: {MessageText}";

    /// <summary>The message alone, without SQLSTATE or position.</summary>
    public string MessageText { get; }

    /// <inheritdoc/>
    public override string SqlState { get; }

    /// <summary>What kind of failure this is.</summary>
    public QuiverErrorClass ErrorClass { get; }

    /// <summary>1-based line in the command text where the error was found (syntax errors), or 0.</summary>
    public int Line { get; init; }

    /// <summary>1-based column in the command text where the error was found (syntax errors), or 0.</summary>
    public int Column { get; init; }

    /// <summary>
    /// 1-based character position in the command text (as PostgreSQL reports it), computed from <see cref="Line"/> and
    /// <see cref="Column"/>; 0 when unknown.
    /// </summary>
    public int Position { get; init; }

    /// <summary>Index of the statement (in a batch or a multi-statement text) that failed.</summary>
    public int StatementIndex { get; init; }

    // A Command Timeout the client decided because nothing came from the server: the connection may be dead.
    internal bool IsClientTimeout { get; init; }

    /// <inheritdoc/>
    public override bool IsTransient => Transient;

    /// <summary>The command of a <see cref="QuiverBatch"/> that failed, when the failure belongs to one.</summary>
    public new QuiverBatchCommand? BatchCommand { get; internal set; }

    /// <inheritdoc/>
    protected override DbBatchCommand? DbBatchCommand => BatchCommand;

    internal bool Transient { get; init; }
}
