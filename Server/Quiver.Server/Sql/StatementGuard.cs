using Quiver.DuckDb;
using Quiver.Protocol.Sql;

namespace Quiver.Server.Sql;

/// <summary>
/// Decides, after DuckDB has prepared a statement and before it runs, whether a session may run it. Sessions share
/// their tenant's database, and DuckDB makes most settings global, so anything that reconfigures the engine, loads
/// code, or reaches files or other databases is refused (docs/duckdb-safety.md, docs/server.md).
/// </summary>
internal static class StatementGuard
{
    /// <summary>Settings DuckDB keeps per connection and that touch nothing outside the session.</summary>
    public static IReadOnlySet<string> SessionSettings { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "TimeZone", "Calendar", "search_path", "schema",
    };

    /// <summary>Null when <paramref name="sql"/> may run, otherwise why not (a message for the client).</summary>
    public static string? Refusal(DuckDbStatementType type, string sql)
    {
        var words = SqlText.LeadingWords(sql, 6);
        string Lead(int n) => string.Join(' ', words.Take(n)).ToUpperInvariant();
        return type switch
        {
            DuckDbStatementType.Set or DuckDbStatementType.VariableSet => SetRefusal(words),
            DuckDbStatementType.Load => $"{Lead(1)} is not allowed: extensions cannot be installed or loaded through Quiver.",
            DuckDbStatementType.UpdateExtensions => "UPDATE EXTENSIONS is not allowed: extensions cannot be installed or loaded through Quiver.",
            DuckDbStatementType.Attach => "ATTACH is not allowed: a session works in its own tenant's database only.",
            DuckDbStatementType.Detach => "DETACH is not allowed: a session works in its own tenant's database only.",
            DuckDbStatementType.Export => $"{Lead(2)} is not allowed: the server's files are out of reach of SQL.",
            DuckDbStatementType.Copy => "COPY is not allowed: the server's files are out of reach of SQL.",
            DuckDbStatementType.CopyDatabase => "COPY FROM DATABASE is not allowed: a session works in its own tenant's database only.",
            DuckDbStatementType.Pragma => $"PRAGMA {Word(words, 1)} is not allowed: PRAGMA statements change engine-wide behaviour.",
            DuckDbStatementType.Extension => $"{Lead(1)} is not allowed through Quiver.",
            DuckDbStatementType.Create or DuckDbStatementType.Drop when IsSecret(words) =>
                $"{Lead(1)} SECRET is not allowed: secrets are shared by every session of the database.",
            _ => null,
        };
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
