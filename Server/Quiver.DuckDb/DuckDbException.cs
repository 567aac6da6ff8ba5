namespace Quiver.DuckDb;

/// <summary>An error reported by DuckDB, with its error class.</summary>
public sealed class DuckDbException : Exception
{
    /// <summary>Creates an exception for an error of the given class.</summary>
    public DuckDbException(DuckDbErrorType errorType, string message)
        : base(message)
    {
        ErrorType = errorType;
    }

    /// <summary>DuckDB's error class.</summary>
    public DuckDbErrorType ErrorType { get; }

    /// <summary>
    /// Some C API calls (<c>duckdb_prepare_error</c>, <c>duckdb_extract_statements_error</c>) give only a message.
    /// DuckDB starts every message with its error class ("Parser Error: ..."), so the class is read back from there.
    /// </summary>
    internal static DuckDbException FromMessage(string? message)
    {
        message ??= "DuckDB reported an error without a message";
        var separator = message.IndexOf(" Error: ", StringComparison.Ordinal);
        var type = separator > 0 && ErrorClassNames.TryGetValue(message[..separator], out var parsed)
            ? parsed
            : DuckDbErrorType.Invalid;
        return new DuckDbException(type, message);
    }

    // The names DuckDB prints for each class (ExceptionTypeToString in DuckDB's exception.cpp).
    private static readonly Dictionary<string, DuckDbErrorType> ErrorClassNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Out of Range"] = DuckDbErrorType.OutOfRange,
        ["Conversion"] = DuckDbErrorType.Conversion,
        ["Unknown Type"] = DuckDbErrorType.UnknownType,
        ["Decimal"] = DuckDbErrorType.Decimal,
        ["Mismatch Type"] = DuckDbErrorType.MismatchType,
        ["Divide by Zero"] = DuckDbErrorType.DivideByZero,
        ["Object Size"] = DuckDbErrorType.ObjectSize,
        ["Invalid type"] = DuckDbErrorType.InvalidType,
        ["Serialization"] = DuckDbErrorType.Serialization,
        ["TransactionContext"] = DuckDbErrorType.Transaction,
        ["Transaction"] = DuckDbErrorType.Transaction,
        ["Not implemented"] = DuckDbErrorType.NotImplemented,
        ["Expression"] = DuckDbErrorType.Expression,
        ["Catalog"] = DuckDbErrorType.Catalog,
        ["Parser"] = DuckDbErrorType.Parser,
        ["Planner"] = DuckDbErrorType.Planner,
        ["Scheduler"] = DuckDbErrorType.Scheduler,
        ["Executor"] = DuckDbErrorType.Executor,
        ["Constraint"] = DuckDbErrorType.Constraint,
        ["Index"] = DuckDbErrorType.Index,
        ["Stat"] = DuckDbErrorType.Stat,
        ["Connection"] = DuckDbErrorType.Connection,
        ["Syntax"] = DuckDbErrorType.Syntax,
        ["Settings"] = DuckDbErrorType.Settings,
        ["Binder"] = DuckDbErrorType.Binder,
        ["Network"] = DuckDbErrorType.Network,
        ["Optimizer"] = DuckDbErrorType.Optimizer,
        ["NullPointer"] = DuckDbErrorType.NullPointer,
        ["IO"] = DuckDbErrorType.IO,
        ["INTERRUPT"] = DuckDbErrorType.Interrupt,
        ["FATAL"] = DuckDbErrorType.Fatal,
        ["INTERNAL"] = DuckDbErrorType.Internal,
        ["Invalid Input"] = DuckDbErrorType.InvalidInput,
        ["Out of Memory"] = DuckDbErrorType.OutOfMemory,
        ["Permission"] = DuckDbErrorType.Permission,
        ["Parameter Not Resolved"] = DuckDbErrorType.ParameterNotResolved,
        ["Parameter Not Allowed"] = DuckDbErrorType.ParameterNotAllowed,
        ["Dependency"] = DuckDbErrorType.Dependency,
        ["HTTP"] = DuckDbErrorType.Http,
        ["Missing Extension"] = DuckDbErrorType.MissingExtension,
        ["Extension Autoloading"] = DuckDbErrorType.Autoload,
        ["Sequence"] = DuckDbErrorType.Sequence,
        ["Invalid Configuration"] = DuckDbErrorType.InvalidConfiguration,
    };
}
