using System.Text;

namespace Quiver.Odbc;

/// <summary>
/// ODBC's escape sequences turned into DuckDB SQL before a statement is sent (unless SQL_ATTR_NOSCAN is on):
/// <c>{d '...'}</c>, <c>{t '...'}</c>, <c>{ts '...'}</c>, <c>{guid '...'}</c>, <c>{interval ...}</c>, <c>{oj ...}</c>,
/// <c>{escape '...'}</c> and the scalar functions <c>{fn ...}</c> of the lists SQLGetInfo reports. Braces that do not
/// open an escape (DuckDB's struct and map literals) are left as written; strings, quoted identifiers and comments are
/// never looked into.
/// </summary>
internal static class EscapeSequences
{
    // SQL_FN_STR_*: CONCAT, LEFT, LTRIM, LENGTH, LOCATE, LCASE, REPEAT, REPLACE, RIGHT, RTRIM, SUBSTRING, UCASE, ASCII, CHAR, SPACE, CHAR_LENGTH, CHARACTER_LENGTH, OCTET_LENGTH, POSITION
    public const uint StringFunctions = 0x1 | 0x4 | 0x8 | 0x10 | 0x20 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800 | 0x1000 | 0x2000 | 0x4000 | 0x40000 | 0x100000 | 0x200000 | 0x400000 | 0x800000;

    // SQL_FN_NUM_*: all but TRUNCATE
    public const uint NumericFunctions = 0x7FFFFF;

    // SQL_FN_TD_*: NOW, CURDATE, DAYOFMONTH, DAYOFWEEK, DAYOFYEAR, MONTH, QUARTER, YEAR, CURTIME, HOUR, MINUTE, SECOND, TIMESTAMPADD, TIMESTAMPDIFF, DAYNAME, MONTHNAME, CURRENT_DATE, CURRENT_TIME, CURRENT_TIMESTAMP, EXTRACT
    public const uint TimeDateFunctions = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x40 | 0x100 | 0x200 | 0x400 | 0x800 | 0x1000 | 0x2000 | 0x4000 | 0x8000 | 0x10000 | 0x20000 | 0x40000 | 0x80000 | 0x100000;

    // SQL_FN_TSI_*: SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR
    public const uint Intervals = 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x40 | 0x80 | 0x100;

    private static readonly Dictionary<string, string> Renamed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UCASE"] = "upper", ["LCASE"] = "lower", ["CHAR"] = "chr", ["CHAR_LENGTH"] = "length", ["CHARACTER_LENGTH"] = "length",
        ["CEILING"] = "ceiling", ["LOG"] = "ln", ["RAND"] = "random", ["NOW"] = "now", ["DATABASE"] = "current_database",
        ["IFNULL"] = "ifnull", ["DAYOFMONTH"] = "dayofmonth", ["DAYOFYEAR"] = "dayofyear", ["DAYNAME"] = "dayname", ["MONTHNAME"] = "monthname",
    };

    private static readonly HashSet<string> SameName = new(StringComparer.OrdinalIgnoreCase)
    {
        "CONCAT", "LEFT", "RIGHT", "LTRIM", "RTRIM", "LENGTH", "REPEAT", "REPLACE", "SUBSTRING", "ASCII", "OCTET_LENGTH", "POSITION",
        "ABS", "ACOS", "ASIN", "ATAN", "ATAN2", "COS", "COT", "DEGREES", "EXP", "FLOOR", "LOG10", "PI", "POWER", "RADIANS", "ROUND", "SIGN", "SIN",
        "SQRT", "TAN", "MONTH", "QUARTER", "YEAR", "HOUR", "MINUTE", "SECOND", "EXTRACT",
    };

    private static readonly string[] Keywords = ["fn", "d", "t", "ts", "oj", "escape", "call", "?=", "interval", "guid"];

    public static string Translate(string sql)
    {
        if (!sql.Contains('{', StringComparison.Ordinal))
        {
            return sql;
        }

        var text = new StringBuilder(sql.Length);
        var position = 0;
        Copy(sql, ref position, text, stopAtClose: false);
        return text.ToString();
    }

    /// <summary>Copies SQL up to the end (or up to the '}' that closes the current escape), translating escapes on the way.</summary>
    private static void Copy(string sql, ref int position, StringBuilder text, bool stopAtClose)
    {
        while (position < sql.Length)
        {
            var c = sql[position];
            if (c is '\'' or '"')
            {
                var end = sql.IndexOf(c, position + 1);
                while (end > 0 && end + 1 < sql.Length && sql[end + 1] == c)
                {
                    end = sql.IndexOf(c, end + 2);
                }

                end = end < 0 ? sql.Length - 1 : end;
                text.Append(sql, position, end - position + 1);
                position = end + 1;
            }
            else if (c == '-' && position + 1 < sql.Length && sql[position + 1] == '-')
            {
                var end = sql.IndexOf('\n', position);
                end = end < 0 ? sql.Length : end;
                text.Append(sql, position, end - position);
                position = end;
            }
            else if (c == '/' && position + 1 < sql.Length && sql[position + 1] == '*')
            {
                var end = sql.IndexOf("*/", position + 2, StringComparison.Ordinal);
                end = end < 0 ? sql.Length : end + 2;
                text.Append(sql, position, end - position);
                position = end;
            }
            else if (c == '{' && EscapeKeyword(sql, position + 1) is { } keyword)
            {
                position = SkipSpace(sql, position + 1) + keyword.Length;
                var inner = new StringBuilder();
                Copy(sql, ref position, inner, stopAtClose: true);
                text.Append(Escape(keyword, inner.ToString().Trim()));
            }
            else if (c == '{')
            {
                // Not an escape (a struct or map literal): its braces nest, so copy through its closing brace.
                text.Append(c);
                position++;
                var inner = new StringBuilder();
                Copy(sql, ref position, inner, stopAtClose: true);
                text.Append(inner).Append('}');
            }
            else if (c == '}' && stopAtClose)
            {
                position++;
                return;
            }
            else
            {
                text.Append(c);
                position++;
            }
        }

        if (stopAtClose)
        {
            throw new OdbcException("42000", "An escape sequence or brace in the statement is not closed with '}'.");
        }
    }

    private static int SkipSpace(string sql, int position)
    {
        while (position < sql.Length && char.IsWhiteSpace(sql[position]))
        {
            position++;
        }

        return position;
    }

    private static string? EscapeKeyword(string sql, int position)
    {
        position = SkipSpace(sql, position);
        foreach (var keyword in Keywords)
        {
            if (string.Compare(sql, position, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                var after = position + keyword.Length;
                if (keyword == "?=" || (after < sql.Length && (char.IsWhiteSpace(sql[after]) || sql[after] == '\'')))
                {
                    return keyword;
                }
            }
        }

        return null;
    }

    private static string Escape(string keyword, string body) => keyword.ToLowerInvariant() switch
    {
        "d" => "DATE " + body,
        "t" => "TIME " + body,
        "ts" => "TIMESTAMP " + body,
        "guid" => body + "::UUID",
        "interval" => "INTERVAL " + body,
        "oj" => body,
        "escape" => "ESCAPE " + body,
        "fn" => Function(body),
        _ => throw new OdbcException("HYC00", "Procedure calls ({call ...}) are not supported: DuckDB has no stored procedures."),
    };

    private static string Function(string body)
    {
        var open = body.IndexOf('(', StringComparison.Ordinal);
        if (open < 0 || !body.EndsWith(')'))
        {
            // Niladic forms: {fn CURRENT_DATE}, {fn CURDATE} without parentheses are not ODBC, but CURRENT_* are.
            return body.ToUpperInvariant() switch
            {
                "CURRENT_DATE" or "CURRENT_TIME" or "CURRENT_TIMESTAMP" => body,
                _ => throw new OdbcException("42000", $"'{{fn {body}}}' is not a scalar function call."),
            };
        }

        var name = body[..open].Trim();
        var arguments = SplitArguments(body[(open + 1)..^1]);
        string Arg(int i) => i < arguments.Count ? arguments[i] : throw new OdbcException("42000", $"{{fn {name}}} needs at least {i + 1} argument(s).");
        switch (name.ToUpperInvariant())
        {
            case "CURDATE" or "CURRENT_DATE":
                return "current_date";
            case "CURTIME" or "CURRENT_TIME":
                return "current_time";
            case "CURRENT_TIMESTAMP":
                return "current_timestamp";
            case "USER":
                return "current_user";
            case "DAYOFWEEK":
                return $"(dayofweek({Arg(0)}) + 1)";
            case "LOCATE" when arguments.Count == 2:
                return $"instr({Arg(1)}, {Arg(0)})";
            case "SPACE":
                return $"repeat(' ', {Arg(0)})";
            case "MOD":
                return $"(({Arg(0)}) % ({Arg(1)}))";
            case "CONVERT":
                return $"CAST({Arg(0)} AS {ConvertType(Arg(1))})";
            case "TIMESTAMPADD":
                return $"({Arg(2)} + {IntervalOf(Arg(0), Arg(1))})";
            case "TIMESTAMPDIFF":
                return $"date_diff('{DiffPart(Arg(0))}', {Arg(1)}, {Arg(2)})";
        }

        if (Renamed.TryGetValue(name, out var renamed))
        {
            return $"{renamed}({string.Join(", ", arguments)})";
        }

        return SameName.Contains(name)
            ? $"{name}({string.Join(", ", arguments)})"
            : throw new OdbcException("HYC00", $"The scalar function {name} in {{fn}} is not supported (SQLGetInfo lists those that are).");
    }

    private static List<string> SplitArguments(string text)
    {
        var arguments = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                i = end < 0 ? text.Length - 1 : end;
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                arguments.Add(text[start..i].Trim());
                start = i + 1;
            }
        }

        if (text[start..].Trim().Length > 0 || arguments.Count > 0)
        {
            arguments.Add(text[start..].Trim());
        }

        return arguments;
    }

    private static string ConvertType(string odbcType) => odbcType.Trim().ToUpperInvariant() switch
    {
        "SQL_BIGINT" => "BIGINT",
        "SQL_BINARY" or "SQL_VARBINARY" or "SQL_LONGVARBINARY" => "BLOB",
        "SQL_BIT" => "BOOLEAN",
        "SQL_CHAR" or "SQL_VARCHAR" or "SQL_LONGVARCHAR" or "SQL_WCHAR" or "SQL_WVARCHAR" or "SQL_WLONGVARCHAR" => "VARCHAR",
        "SQL_DATE" or "SQL_TYPE_DATE" => "DATE",
        "SQL_DECIMAL" or "SQL_NUMERIC" => "DECIMAL(38, 10)",
        "SQL_DOUBLE" or "SQL_FLOAT" => "DOUBLE",
        "SQL_REAL" => "FLOAT",
        "SQL_INTEGER" => "INTEGER",
        "SQL_SMALLINT" => "SMALLINT",
        "SQL_TINYINT" => "TINYINT",
        "SQL_TIME" or "SQL_TYPE_TIME" => "TIME",
        "SQL_TIMESTAMP" or "SQL_TYPE_TIMESTAMP" => "TIMESTAMP",
        "SQL_GUID" => "UUID",
        var other => throw new OdbcException("HY000", $"{{fn CONVERT}} to '{other}' is not supported."),
    };

    private static string IntervalOf(string interval, string count) => interval.Trim().ToUpperInvariant() switch
    {
        "SQL_TSI_SECOND" => $"to_seconds({count})",
        "SQL_TSI_MINUTE" => $"to_minutes({count})",
        "SQL_TSI_HOUR" => $"to_hours({count})",
        "SQL_TSI_DAY" => $"to_days({count})",
        "SQL_TSI_WEEK" => $"to_weeks({count})",
        "SQL_TSI_MONTH" => $"to_months({count})",
        "SQL_TSI_QUARTER" => $"to_months(3 * ({count}))",
        "SQL_TSI_YEAR" => $"to_years({count})",
        var other => throw new OdbcException("HYC00", $"TIMESTAMPADD by {other} is not supported."),
    };

    private static string DiffPart(string interval) => interval.Trim().ToUpperInvariant() switch
    {
        "SQL_TSI_SECOND" => "second",
        "SQL_TSI_MINUTE" => "minute",
        "SQL_TSI_HOUR" => "hour",
        "SQL_TSI_DAY" => "day",
        "SQL_TSI_WEEK" => "week",
        "SQL_TSI_MONTH" => "month",
        "SQL_TSI_QUARTER" => "quarter",
        "SQL_TSI_YEAR" => "year",
        var other => throw new OdbcException("HYC00", $"TIMESTAMPDIFF by {other} is not supported."),
    };
}

/// <summary>SQL_CONVERT_&lt;type&gt;: the SQL types each type converts to with CAST (and {fn CONVERT}).</summary>
internal static class Conversions
{
    private const uint Char = 0x1 | 0x100 | 0x200 | 0x200000 | 0x400000 | 0x800000;
    private const uint Numbers = 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x40 | 0x80 | 0x1000 | 0x2000 | 0x4000;
    private const uint Binary = 0x400 | 0x800 | 0x40000;
    private const uint Date = 0x8000;
    private const uint Time = 0x10000;
    private const uint Timestamp = 0x20000;
    private const uint Guid = 0x1000000;

    public static uint Targets(ushort infoType) => infoType switch
    {
        53 or 55 or 58 or 59 or 60 or 61 or 63 or 64 or 65 or 68 => Numbers | Char, // numbers (and BIT)
        56 or 62 or 70 or 122 or 125 or 126 => Char | Numbers | Date | Time | Timestamp | Binary | Guid, // text
        57 => Date | Timestamp | Char,
        66 => Time | Char,
        67 => Date | Time | Timestamp | Char,
        54 or 69 or 71 => Binary | Char,
        173 => Guid | Char,
        _ => 0,
    };
}
