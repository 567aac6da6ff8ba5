namespace Quiver.Protocol.Sql;

/// <summary>One statement of a SQL text: where it starts and how long it is, in characters.</summary>
public readonly record struct SqlPiece(int Start, int Length);

/// <summary>
/// A parameter placeholder in SQL text: <c>?</c>, <c>$1</c>, <c>$name</c>, <c>@name</c> or <c>:name</c>.
/// <see cref="Name"/> is the text after the prefix (digits for <c>$1</c>, empty for <c>?</c>).
/// </summary>
public readonly record struct SqlPlaceholder(int Start, int Length, char Prefix, string Name);

/// <summary>
/// A name followed by <c>(</c> in SQL text: a function call (or a keyword such as <c>VALUES (</c>), outside quotes and
/// comments. <see cref="Name"/> is the last part of a qualified name, lower-cased (quoted names unquoted);
/// <see cref="Arguments"/> starts after the parenthesis.
/// </summary>
public readonly record struct SqlCall(string Name, int Start, int Arguments);

/// <summary>
/// A small lexer over DuckDB's SQL: splits a text into statements at top-level semicolons (not inside quotes, dollar
/// quotes or comments) and reads a statement's leading words. Parsing proper is DuckDB's job; this only finds where
/// statements are and what they start with.
/// </summary>
public static class SqlText
{
    /// <summary>The statements of <paramref name="sql"/>, skipping empty ones (only blanks and comments).</summary>
    public static List<SqlPiece> Split(string sql)
    {
        var pieces = new List<SqlPiece>();
        var start = 0;
        var hasContent = false;
        var i = SkipTrivia(sql, 0);
        while (i < sql.Length)
        {
            if (sql[i] == ';')
            {
                if (hasContent)
                {
                    pieces.Add(new SqlPiece(start, i - start));
                }

                start = i + 1;
                hasContent = false;
                i++;
            }
            else
            {
                hasContent = true;
                i = SkipToken(sql, i);
            }

            i = SkipTrivia(sql, i);
        }

        if (hasContent)
        {
            pieces.Add(new SqlPiece(start, sql.Length - start));
        }

        return pieces;
    }

    /// <summary>
    /// The parameter placeholders of one statement, outside quotes, dollar quotes and comments. <c>@name</c> and
    /// <c>:name</c> count only after a character that cannot end a word or a cast (<c>x::INT</c>, <c>a@b</c> are not
    /// placeholders); callers decide whether a name is theirs.
    /// </summary>
    public static List<SqlPlaceholder> Placeholders(string sql, SqlPiece piece)
    {
        var found = new List<SqlPlaceholder>();
        var end = piece.Start + piece.Length;
        var i = SkipTrivia(sql, piece.Start);
        while (i < end)
        {
            var c = sql[i];
            var previous = i > 0 ? sql[i - 1] : ' ';
            if (c == '?')
            {
                found.Add(new SqlPlaceholder(i, 1, '?', ""));
                i++;
            }
            else if (c is '$' or '@' or ':' && i + 1 < end && !IsWordChar(previous) && previous is not ('$' or '@' or ':')
                && PlaceholderName(sql, i + 1, end, allowDigits: c == '$') is var length and > 0
                && !(c == '$' && TryDollarTag(sql, i, out _)))
            {
                found.Add(new SqlPlaceholder(i, length + 1, c, sql.Substring(i + 1, length)));
                i += length + 1;
            }
            else
            {
                i = SkipToken(sql, i);
            }

            i = SkipTrivia(sql, i);
        }

        return found;
    }

    // A name starts with a letter or underscore; $ also takes a number ($1).
    private static int PlaceholderName(string sql, int i, int end, bool allowDigits)
    {
        if (i >= end || !(char.IsLetter(sql[i]) || sql[i] == '_' || (allowDigits && char.IsAsciiDigit(sql[i]))))
        {
            return 0;
        }

        var digitsOnly = char.IsAsciiDigit(sql[i]);
        var j = i + 1;
        while (j < end && (digitsOnly ? char.IsAsciiDigit(sql[j]) : char.IsLetterOrDigit(sql[j]) || sql[j] == '_'))
        {
            j++;
        }

        return j - i;
    }

    /// <summary>
    /// Every name followed by an opening parenthesis, however qualified, quoted or spaced (<c>main."Read_Blob" /**/ (</c>).
    /// Quotes and comments are skipped exactly as <see cref="Split"/> skips them, so what this finds is what DuckDB sees.
    /// </summary>
    public static List<SqlCall> Calls(string sql)
    {
        var calls = new List<SqlCall>();
        var i = SkipTrivia(sql, 0);
        while (i < sql.Length)
        {
            var c = sql[i];
            var start = i;
            var quoted = c == '"';
            if (quoted)
            {
                i = SkipQuoted(sql, i, '"');
            }
            else if (char.IsLetter(c) || c == '_')
            {
                i = WordEnd(sql, i);
            }
            else
            {
                i = SkipTrivia(sql, SkipToken(sql, i));
                continue;
            }

            var end = i;
            i = SkipTrivia(sql, i);
            if (i < sql.Length && sql[i] == '(')
            {
                // Names are materialised only for calls: most words of a statement are not followed by '('.
                var name = quoted
                    ? sql[(start + 1)..Math.Max(start + 1, end - 1)].Replace("\"\"", "\"", StringComparison.Ordinal)
                    : sql[start..end];
                calls.Add(new SqlCall(name.ToLowerInvariant(), start, i + 1));
            }
        }

        return calls;
    }

    /// <summary>How many times the keywords in <paramref name="words"/> (any case; a handful) occur outside quotes and comments.</summary>
    public static int CountKeywords(string sql, IReadOnlyCollection<string> words)
    {
        var count = 0;
        var i = SkipTrivia(sql, 0);
        while (i < sql.Length)
        {
            if (char.IsLetter(sql[i]) || sql[i] == '_')
            {
                var end = WordEnd(sql, i);
                var word = sql.AsSpan(i, end - i);
                foreach (var keyword in words)
                {
                    if (word.Equals(keyword, StringComparison.OrdinalIgnoreCase))
                    {
                        count++;
                        break;
                    }
                }

                i = end;
            }
            else
            {
                i = SkipToken(sql, i);
            }

            i = SkipTrivia(sql, i);
        }

        return count;
    }

    private static int WordEnd(string sql, int i)
    {
        while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$'))
        {
            i++;
        }

        return i;
    }

    /// <summary>True when the text uses a Unicode-escaped name or string (<c>U&amp;"..."</c>, <c>U&amp;'...'</c>), which spells names in ways a lexer cannot compare.</summary>
    public static bool HasUnicodeEscapes(string sql)
    {
        var i = SkipTrivia(sql, 0);
        while (i < sql.Length)
        {
            if (sql[i] is 'u' or 'U' && i + 2 < sql.Length && sql[i + 1] == '&' && sql[i + 2] is '"' or '\''
                && (i == 0 || !IsWordChar(sql[i - 1])))
            {
                return true;
            }

            i = SkipTrivia(sql, SkipToken(sql, i));
        }

        return false;
    }

    /// <summary>The string literal starting at <paramref name="index"/> (after blanks and comments), unquoted, or null when there is none.</summary>
    public static string? StringAt(string sql, int index, out int end)
    {
        var i = SkipTrivia(sql, index);
        end = i;
        if (i >= sql.Length || sql[i] != '\'')
        {
            return null;
        }

        end = SkipQuoted(sql, i, '\'');
        return sql[(i + 1)..Math.Max(i + 1, end - 1)].Replace("''", "'", StringComparison.Ordinal);
    }

    /// <summary>The index of the first character at or after <paramref name="index"/> that is not a blank or in a comment.</summary>
    public static int SkipBlanks(string sql, int index) => SkipTrivia(sql, index);

    /// <summary>The first <paramref name="count"/> words of a statement, lower-cased (quoted identifiers unquoted, case kept).</summary>
    public static List<string> LeadingWords(string sql, int count)
    {
        var words = new List<string>(count);
        var i = SkipTrivia(sql, 0);
        while (i < sql.Length && words.Count < count)
        {
            var c = sql[i];
            if (c == '"')
            {
                var end = SkipQuoted(sql, i, '"');
                words.Add(sql[(i + 1)..Math.Max(i + 1, end - 1)].Replace("\"\"", "\"", StringComparison.Ordinal));
                i = end;
            }
            else if (IsWordChar(c))
            {
                var end = i;
                while (end < sql.Length && IsWordChar(sql[end]))
                {
                    end++;
                }

                words.Add(sql[i..end].ToLowerInvariant());
                i = end;
            }
            else
            {
                words.Add(c.ToString());
                i++;
            }

            i = SkipTrivia(sql, i);
        }

        return words;
    }

    /// <summary>The 1-based line and column of character <paramref name="index"/>.</summary>
    public static (int Line, int Column) LineAndColumn(string sql, int index)
    {
        index = Math.Clamp(index, 0, sql.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (sql[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '.';

    private static int SkipToken(string sql, int i)
    {
        var c = sql[i];
        if (c is '\'' or '"')
        {
            // E'...' strings take backslash escapes; a quote doubled is a quote in every kind.
            var escapes = c == '\'' && i > 0 && sql[i - 1] is 'e' or 'E' && (i < 2 || !IsWordChar(sql[i - 2]));
            return SkipQuoted(sql, i, c, escapes);
        }

        if (c == '$' && TryDollarTag(sql, i, out var tag))
        {
            var close = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
            return close < 0 ? sql.Length : close + tag.Length;
        }

        return i + 1;
    }

    private static int SkipQuoted(string sql, int i, char quote, bool backslashEscapes = false)
    {
        i++;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return sql.Length;
    }

    private static bool TryDollarTag(string sql, int i, out string tag)
    {
        // $$ or $name$ (a name does not start with a digit: $1 is a parameter).
        var end = i + 1;
        while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
        {
            end++;
        }

        var valid = end < sql.Length && sql[end] == '$' && (end == i + 1 || !char.IsDigit(sql[i + 1]));
        tag = valid ? sql[i..(end + 1)] : "";
        return valid;
    }

    /// <summary>The index of the first character at or after <paramref name="i"/> that is not a blank or in a comment.</summary>
    private static int SkipTrivia(string sql, int i)
    {
        while (i < sql.Length)
        {
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (char.IsWhiteSpace(sql[i]))
            {
                i++;
            }
            else if (sql[i] == '-' && next == '-')
            {
                i = SkipLineComment(sql, i);
            }
            else if (sql[i] == '/' && next == '*')
            {
                i = SkipBlockComment(sql, i);
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static int SkipLineComment(string sql, int i)
    {
        var end = sql.IndexOf('\n', i);
        return end < 0 ? sql.Length : end + 1;
    }

    private static int SkipBlockComment(string sql, int i)
    {
        var depth = 0;
        while (i < sql.Length)
        {
            if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && i + 1 < sql.Length && sql[i + 1] == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }
}
