using System.Text;
using System.Text.Json;
using Quiver.DuckDb;
using Quiver.Protocol.Sql;
using Quiver.Protocol.V1;

namespace Quiver.Server.Sql;

/// <summary>
/// Turns DuckDB errors into quiver.v1 errors: a SQLSTATE and error class by DuckDB's exception type (and subtype), the
/// line and column for errors that point into the SQL, and a message with no server file paths. The server opens its
/// databases with <c>errors_as_json</c>, so DuckDB reports the type, subtype and position as JSON.
/// </summary>
internal sealed class EngineErrors(string? dataFolder)
{
    private readonly string? _dataFolder = dataFolder is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataFolder));

    /// <param name="error">What DuckDB reported.</param>
    /// <param name="sql">The SQL text of the request's statement (for line and column).</param>
    /// <param name="pieceStart">Where the failing statement starts within <paramref name="sql"/>.</param>
    /// <param name="statementIndex">The statement of the request.</param>
    public Error ToError(DuckDbException error, string sql, int pieceStart, uint statementIndex)
    {
        var report = Parse(error);
        var (state, errorClass, transient) = Classify(report);
        var result = new Error
        {
            SqlState = state,
            ErrorClass = errorClass,
            Message = Scrub(report.Message),
            Transient = transient,
            StatementIndex = statementIndex,
            EngineError = report.Type,
        };
        if (report.Position is { } position && pieceStart + CharIndex(sql, pieceStart, position) is var index && index <= sql.Length)
        {
            (var line, var column) = SqlText.LineAndColumn(sql, index);
            result.Line = (uint)line;
            result.Column = (uint)column;
        }

        return result;
    }

    /// <summary>Removes the server's own folder from a message.</summary>
    public string Scrub(string message)
    {
        var text = message;
        var trace = text.IndexOf("\nStack Trace", StringComparison.Ordinal);
        if (trace >= 0)
        {
            text = text[..trace];
        }

        return _dataFolder is { Length: > 1 } folder ? text.Replace(folder, "<data>", StringComparison.Ordinal) : text;
    }

    private static (string State, ErrorClass Class, bool Transient) Classify(EngineReport report)
    {
        var message = report.Message;
        bool Has(string text) => message.Contains(text, StringComparison.OrdinalIgnoreCase);
        return report.Type switch
        {
            "Parser" or "Syntax" => ("42601", ErrorClass.Syntax, false),
            "Catalog" when report.Subtype == "ENTRY_ALREADY_EXISTS" => (report.EntryType == "Table" ? "42P07" : "42710", ErrorClass.Semantic, false),
            "Catalog" when report.EntryType is "Table" or "View" || Has("Table with name") => ("42P01", ErrorClass.Semantic, false),
            "Catalog" when report.EntryType == "Schema" || Has("Schema with name") => ("3F000", ErrorClass.Semantic, false),
            "Catalog" when report.EntryType is "Scalar Function" or "Aggregate Function" or "Table Function" or "Macro Function" => ("42883", ErrorClass.Semantic, false),
            "Catalog" => ("42704", ErrorClass.Semantic, false),
            "Binder" when report.Subtype == "COLUMN_NOT_FOUND" => ("42703", ErrorClass.Semantic, false),
            "Binder" when Has("No function matches") => ("42883", ErrorClass.Semantic, false),
            "Binder" or "Planner" or "Expression" or "Optimizer" or "Parameter Not Resolved" or "Parameter Not Allowed" => ("42000", ErrorClass.Semantic, false),
            "Mismatch Type" or "Invalid type" or "Unknown Type" => ("42804", ErrorClass.Semantic, false),
            "Constraint" when Has("NOT NULL") => ("23502", ErrorClass.Constraint, false),
            "Constraint" when Has("foreign key") => ("23503", ErrorClass.Constraint, false),
            "Constraint" when Has("Duplicate key") || Has("unique") || Has("primary key") => ("23505", ErrorClass.Constraint, false),
            "Constraint" when Has("CHECK") => ("23514", ErrorClass.Constraint, false),
            "Constraint" => ("23000", ErrorClass.Constraint, false),
            "Conversion" => ("22018", ErrorClass.Data, false),
            "Out of Range" or "Decimal" => ("22003", ErrorClass.Data, false),
            "Divide by Zero" => ("22012", ErrorClass.Data, false),
            "Invalid Input" => ("22023", ErrorClass.Data, false),
            "Sequence" => ("2200H", ErrorClass.Data, false),
            "TransactionContext" or "Transaction" when Has("conflict") => ("40001", ErrorClass.Transaction, true),
            "TransactionContext" or "Transaction" when Has("within a transaction") => ("25001", ErrorClass.Transaction, false),
            "TransactionContext" or "Transaction" when Has("no transaction") => ("25P01", ErrorClass.Transaction, false),
            "TransactionContext" or "Transaction" => ("25000", ErrorClass.Transaction, false),
            "Interrupt" => ("57014", ErrorClass.Cancelled, false),
            "Out of Memory" => ("53200", ErrorClass.Resource, true),
            "Permission" => ("42501", ErrorClass.Permission, false),
            "Dependency" => ("2BP01", ErrorClass.Semantic, false),
            "Not implemented" => ("0A000", ErrorClass.Semantic, false),
            "IO" => ("58030", ErrorClass.Internal, false),
            _ => ("XX000", ErrorClass.Internal, false),
        };
    }

    private static EngineReport Parse(DuckDbException error)
    {
        var text = error.Message;
        var json = text.IndexOf('{', StringComparison.Ordinal);
        if (json >= 0 && text.EndsWith('}'))
        {
            try
            {
                using var document = JsonDocument.Parse(text.AsMemory(json));
                var root = document.RootElement;
                string? Get(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                return new EngineReport(
                    Get("exception_type") ?? TypeName(error.ErrorType),
                    Get("exception_message") ?? text,
                    Get("error_subtype"),
                    Get("type"),
                    int.TryParse(Get("position"), out var position) ? position : null);
            }
            catch (JsonException)
            {
                // Not DuckDB's JSON after all: report the text as it is.
            }
        }

        // "Parser Error: message": drop the type prefix, which the error class says already.
        var separator = text.IndexOf(" Error: ", StringComparison.Ordinal);
        var type = separator > 0 ? text[..separator] : TypeName(error.ErrorType);
        return new EngineReport(type, separator > 0 ? text[(separator + 8)..] : text, null, null, null);
    }

    private static string TypeName(DuckDbErrorType type) => type switch
    {
        DuckDbErrorType.OutOfRange => "Out of Range",
        DuckDbErrorType.DivideByZero => "Divide by Zero",
        DuckDbErrorType.InvalidInput => "Invalid Input",
        DuckDbErrorType.OutOfMemory => "Out of Memory",
        DuckDbErrorType.NotImplemented => "Not implemented",
        _ => type.ToString(),
    };

    // DuckDB's position counts bytes of the UTF-8 statement text.
    private static int CharIndex(string sql, int pieceStart, int bytePosition)
    {
        var piece = sql.AsSpan(pieceStart);
        var bytes = 0;
        for (var i = 0; i < piece.Length; i++)
        {
            if (bytes >= bytePosition)
            {
                return i;
            }

            var width = char.IsHighSurrogate(piece[i]) ? 4 : Encoding.UTF8.GetByteCount(piece.Slice(i, 1));
            bytes += width;
            if (width == 4)
            {
                i++;
            }
        }

        return piece.Length;
    }

    private sealed record EngineReport(string Type, string Message, string? Subtype, string? EntryType, int? Position);
}
