namespace Quiver.Odbc;

/// <summary>A failure with the SQLSTATE ODBC gives it; becomes a diagnostic record on the handle.</summary>
internal sealed class OdbcException(string sqlState, string message) : Exception(message)
{
    public string SqlState { get; } = sqlState;

    public static OdbcException InvalidAttribute(int attribute) => new("HY092", $"Attribute {attribute} is not known or cannot be set.");

    public static OdbcException SequenceError(string message) => new("HY010", message);

    public static OdbcException InvalidBufferLength(string message) => new("HY090", message);

    public static OdbcException NotImplemented(string message) => new("HYC00", message);

    public static OdbcException RestrictedConversion(short sqlType, short cType)
        => new("07006", $"The column's SQL type {sqlType} cannot be converted to C type {cType}.");
}
