using System.Text;
using Quiver.Data;

namespace Quiver.Odbc;

/// <summary>
/// An ODBC connection string (`key=value;`, values in braces may hold `;`), the DSN's attributes from odbc.ini under
/// it, turned into a Quiver.Data connection string. Keys are those of Quiver.Data (docs/odbc.md); DSN, Driver, FILEDSN
/// and SAVEFILE are the driver manager's.
/// </summary>
internal static class ConnectionString
{
    private static readonly string[] ManagerKeys = ["DSN", "DRIVER", "FILEDSN", "SAVEFILE", "DESCRIPTION"];

    public static List<KeyValuePair<string, string>> Parse(string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var position = 0;
        while (position < text.Length)
        {
            var equals = text.IndexOf('=', position);
            if (equals < 0)
            {
                if (text[position..].Trim().Length > 0)
                {
                    throw new OdbcException("HY000", $"The connection string has '{text[position..].Trim()}' without '=' and a value.");
                }

                break;
            }

            var key = text[position..equals].Trim();
            position = equals + 1;
            string value;
            if (position < text.Length && text[position] == '{')
            {
                var value_ = new StringBuilder();
                position++;
                while (true)
                {
                    if (position >= text.Length)
                    {
                        throw new OdbcException("HY000", $"The value of '{key}' opens a brace that is never closed.");
                    }

                    if (text[position] == '}')
                    {
                        if (position + 1 < text.Length && text[position + 1] == '}')
                        {
                            value_.Append('}');
                            position += 2;
                            continue;
                        }

                        position++;
                        break;
                    }

                    value_.Append(text[position++]);
                }

                value = value_.ToString();
                var semicolon = text.IndexOf(';', position);
                position = semicolon < 0 ? text.Length : semicolon + 1;
            }
            else
            {
                var semicolon = text.IndexOf(';', position);
                var end = semicolon < 0 ? text.Length : semicolon;
                value = text[position..end].Trim();
                position = end + 1;
            }

            if (key.Length > 0)
            {
                pairs.Add(new(key, value));
            }
        }

        return pairs;
    }

    public static string? Find(List<KeyValuePair<string, string>> pairs, string key)
        => pairs.LastOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>
    /// The Quiver.Data connection string: the DSN's attributes first, then the string's own (which win). Keywords
    /// Quiver.Data does not know are left out, each with a 01S00 warning, as ODBC asks.
    /// </summary>
    public static string ToQuiver(List<KeyValuePair<string, string>> pairs, Diagnostics diagnostics)
    {
        var all = new List<KeyValuePair<string, string>>();
        if (Find(pairs, "DSN") is { Length: > 0 } dsn && !string.Equals(dsn, "DEFAULT", StringComparison.OrdinalIgnoreCase))
        {
            var attributes = OdbcInst.DataSource(dsn);
            if (attributes is null)
            {
                throw new OdbcException("IM002", $"Data source '{dsn}' was not found in odbc.ini.");
            }

            all.AddRange(attributes);
        }

        all.AddRange(pairs);
        var builder = new QuiverConnectionStringBuilder();
        foreach (var (key, value) in all)
        {
            if (ManagerKeys.Contains(key.ToUpperInvariant()))
            {
                continue;
            }

            try
            {
                builder[key] = value;
            }
            catch (ArgumentException failure)
            {
                diagnostics.Warn("01S00", $"Invalid connection string attribute '{key}': {failure.Message}");
            }
        }

        return builder.ConnectionString;
    }
}
