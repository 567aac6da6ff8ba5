using Quiver.DuckDb;
using Quiver.Protocol.Sql;

namespace Quiver.Server.Sql;

/// <summary>
/// Decides, after DuckDB has prepared a statement and before it runs, whether a session may run it. Sessions share
/// their tenant's database, and DuckDB makes most settings global, so anything that reconfigures the engine, loads
/// code, or reaches files or other databases is refused (docs/duckdb-safety.md, docs/server.md). Statement kinds are
/// allowed one by one (a kind DuckDB adds later is refused); statements that wrap another (EXPLAIN [ANALYZE], PREPARE)
/// are judged by the statement inside; every function call in the text is checked by <see cref="FunctionPolicy"/>.
/// </summary>
internal static class StatementGuard
{
    private const int MaxWrapping = 8;

    /// <summary>Settings DuckDB keeps per connection and that touch nothing outside the session.</summary>
    public static IReadOnlySet<string> SessionSettings { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "TimeZone", "Calendar", "search_path", "schema",
    };

    /// <summary>
    /// Before preparing: null when the text calls only allowed functions, otherwise why not. This comes first because
    /// DuckDB already reads files while it binds some table functions (read_csv sniffs its input).
    /// </summary>
    public static string? TextRefusal(string sql)
    {
        // DuckDB looks up a secret's type while it prepares CREATE SECRET, so it is refused by its words first.
        var words = SqlText.LeadingWords(sql, 6);
        if (Word(words, 0) is "create" or "drop" && IsSecret(words))
        {
            return $"{Word(words, 0).ToUpperInvariant()} SECRET is not allowed: secrets are not available through Quiver.";
        }

        return FunctionPolicy.Refusal(sql);
    }

    /// <summary>
    /// After preparing: null when a statement of this kind may run, otherwise why not (a message for the client). The
    /// session's connection prepares (never runs) a wrapped statement to learn its kind.
    /// </summary>
    public static string? Refusal(DuckDbConnection connection, DuckDbStatementType type, string sql)
        => KindRefusal(connection, type, sql, 0);

    private static string? KindRefusal(DuckDbConnection connection, DuckDbStatementType type, string sql, int depth)
    {
        var words = SqlText.LeadingWords(sql, 6);
        string Lead(int n) => string.Join(' ', words.Take(n)).ToUpperInvariant();
        if (Word(words, 0) == "pragma" && type != DuckDbStatementType.Set)
        {
            // PRAGMA name runs a built-in query (DuckDB reports some as SELECT): only catalog and version ones.
            return FunctionPolicy.AllowedPragmas.Contains(Word(words, 1))
                ? null
                : $"PRAGMA {Word(words, 1)} is not allowed: PRAGMA statements change engine-wide behaviour or reveal the server's set-up.";
        }

        return type switch
        {
            DuckDbStatementType.Select or DuckDbStatementType.Insert or DuckDbStatementType.Update or DuckDbStatementType.Delete
                or DuckDbStatementType.MergeInto or DuckDbStatementType.Alter or DuckDbStatementType.Transaction
                or DuckDbStatementType.Analyze or DuckDbStatementType.Vacuum or DuckDbStatementType.VariableSet
                or DuckDbStatementType.CreateFunc or DuckDbStatementType.Execute => null,
            DuckDbStatementType.Create or DuckDbStatementType.Drop => TextRefusal(sql),
            DuckDbStatementType.Call => Word(words, 0) == "force"
                ? "FORCE CHECKPOINT is not allowed: it aborts other sessions' transactions."
                : null,
            DuckDbStatementType.Set => SetRefusal(words),
            DuckDbStatementType.Explain => WrappedRefusal(connection, sql, depth, ExplainedStart(sql)),
            DuckDbStatementType.Prepare => WrappedRefusal(connection, sql, depth, PreparedStart(sql)),
            DuckDbStatementType.Load => $"{Lead(1)} is not allowed: extensions cannot be installed or loaded through Quiver.",
            DuckDbStatementType.UpdateExtensions => "UPDATE EXTENSIONS is not allowed: extensions cannot be installed or loaded through Quiver.",
            DuckDbStatementType.Attach => "ATTACH is not allowed: a session works in its own tenant's database only.",
            DuckDbStatementType.Detach => "DETACH is not allowed: a session works in its own tenant's database only.",
            DuckDbStatementType.Export => $"{Lead(2)} is not allowed: the server's files are out of reach of SQL.",
            DuckDbStatementType.Copy => "COPY is not allowed: the server's files are out of reach of SQL.",
            DuckDbStatementType.CopyDatabase => "COPY FROM DATABASE is not allowed: a session works in its own tenant's database only.",
            DuckDbStatementType.Pragma => $"PRAGMA {Word(words, 1)} is not allowed: PRAGMA statements change engine-wide behaviour.",
            _ => $"{Lead(1)} statements ({type}) are not allowed through Quiver.",
        };
    }

    // EXPLAIN and PREPARE run or keep the statement inside them: it is prepared (not run) and judged like a plain one.
    private static string? WrappedRefusal(DuckDbConnection connection, string sql, int depth, int innerStart)
    {
        if (innerStart < 0 || innerStart >= sql.Length || depth >= MaxWrapping)
        {
            return "The statement inside EXPLAIN or PREPARE could not be checked, so it is not allowed.";
        }

        var inner = sql[innerStart..];
        DuckDbStatementType innerType;
        try
        {
            using var prepared = connection.Prepare(inner);
            innerType = prepared.StatementType;
        }
        catch (DuckDbException)
        {
            return "The statement inside EXPLAIN or PREPARE could not be checked, so it is not allowed.";
        }

        return KindRefusal(connection, innerType, inner, depth + 1);
    }

    // EXPLAIN [ANALYZE | ANALYSE | (option, ...)] statement
    private static int ExplainedStart(string sql)
    {
        var i = AfterWord(sql, SqlText.SkipBlanks(sql, 0));
        i = SqlText.SkipBlanks(sql, i);
        if (i < sql.Length && sql[i] == '(')
        {
            var close = sql.IndexOf(')', i);
            return close < 0 ? -1 : SqlText.SkipBlanks(sql, close + 1);
        }

        var next = AfterWord(sql, i);
        var word = sql[i..next].ToLowerInvariant();
        return word is "analyze" or "analyse" ? SqlText.SkipBlanks(sql, next) : i;
    }

    // PREPARE name [(type, ...)] AS statement
    private static int PreparedStart(string sql)
    {
        var i = 0;
        while (i < sql.Length)
        {
            i = SqlText.SkipBlanks(sql, i);
            var next = AfterWord(sql, i);
            if (next == i)
            {
                i++;
                continue;
            }

            if (sql[i..next].Equals("as", StringComparison.OrdinalIgnoreCase))
            {
                return SqlText.SkipBlanks(sql, next);
            }

            i = next;
        }

        return -1;
    }

    private static int AfterWord(string sql, int i)
    {
        while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'))
        {
            i++;
        }

        return i;
    }

    private static string? SetRefusal(List<string> words)
    {
        // SET [SESSION | LOCAL | GLOBAL] name ..., RESET [..] name, PRAGMA name = ..., USE name, SET/RESET VARIABLE name.
        var verb = Word(words, 0);
        if (verb == "use")
        {
            return null;
        }

        var at = 1;
        var scope = Word(words, at);
        if (scope == "global")
        {
            return $"{verb.ToUpperInvariant()} GLOBAL is not allowed: it would change every session.";
        }

        if (scope is "session" or "local")
        {
            at++;
        }

        if (Word(words, at) == "variable" && verb is "set" or "reset")
        {
            return null;
        }

        var name = Word(words, at);
        if (SessionSettings.Contains(name))
        {
            return null;
        }

        return $"{verb.ToUpperInvariant()} {name} is not allowed: '{name}' is a server-wide DuckDB setting. "
            + $"Sessions may set only {string.Join(", ", SessionSettings.Order(StringComparer.OrdinalIgnoreCase))}, and variables (SET VARIABLE).";
    }

    // CREATE [OR REPLACE] [PERSISTENT | TEMP | TEMPORARY] SECRET, DROP [PERSISTENT | TEMP | TEMPORARY] SECRET; a table
    // named secret is not one.
    private static bool IsSecret(List<string> words)
        => words.Skip(1).SkipWhile(w => w is "or" or "replace" or "persistent" or "temp" or "temporary").FirstOrDefault() == "secret";

    private static string Word(List<string> words, int index) => index < words.Count ? words[index] : "";
}
