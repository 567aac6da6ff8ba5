using System.Globalization;
using System.Text;
using System.Text.Json;
using Quiver.Data;

namespace Quiver.Cli;

/// <summary>Prints result sets as an aligned table, CSV or JSON lines.</summary>
internal sealed class ResultPrinter(TextWriter output, OutputFormat format)
{
    // An aligned table has to see every row before it prints; beyond this many rows it prints in slices of this size.
    private const int TableSlice = 1000;

    public async Task<long> PrintAsync(QuiverDataReader reader, CancellationToken cancellationToken)
    {
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        return format switch
        {
            OutputFormat.Csv => await CsvAsync(reader, names, cancellationToken),
            OutputFormat.Json => await JsonAsync(reader, names, cancellationToken),
            _ => await TableAsync(reader, names, cancellationToken),
        };
    }

    private async Task<long> TableAsync(QuiverDataReader reader, string[] names, CancellationToken cancellationToken)
    {
        var rows = new List<string[]>();
        var count = 0L;
        var printedHeader = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Enumerable.Range(0, names.Length).Select(i => Text(reader, i)).ToArray());
            count++;
            if (rows.Count == TableSlice)
            {
                Flush(names, rows, ref printedHeader);
            }
        }

        Flush(names, rows, ref printedHeader);
        return count;
    }

    private void Flush(string[] names, List<string[]> rows, ref bool printedHeader)
    {
        var widths = names.Select((n, i) => Math.Max(n.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        if (!printedHeader)
        {
            output.WriteLine((" " + string.Join(" | ", names.Select((n, i) => n.PadRight(widths[i])))).TrimEnd());
            output.WriteLine(string.Join("+", widths.Select(w => new string('-', w + 2))));
            printedHeader = true;
        }

        foreach (var row in rows)
        {
            output.WriteLine(" " + string.Join(" | ", row.Select((v, i) => v.PadRight(widths[i]))).TrimEnd());
        }

        rows.Clear();
    }

    private async Task<long> CsvAsync(QuiverDataReader reader, string[] names, CancellationToken cancellationToken)
    {
        output.WriteLine(string.Join(",", names.Select(Csv)));
        var count = 0L;
        while (await reader.ReadAsync(cancellationToken))
        {
            output.WriteLine(string.Join(",", Enumerable.Range(0, names.Length).Select(i => reader.IsDBNull(i) ? "" : Csv(Text(reader, i)))));
            count++;
        }

        return count;
    }

    private async Task<long> JsonAsync(QuiverDataReader reader, string[] names, CancellationToken cancellationToken)
    {
        var count = 0L;
        var buffer = new MemoryStream();
        while (await reader.ReadAsync(cancellationToken))
        {
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                for (var i = 0; i < names.Length; i++)
                {
                    json.WritePropertyName(names[i]);
                    WriteJson(json, reader.GetValue(i));
                }

                json.WriteEndObject();
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            count++;
        }

        return count;
    }

    private static void WriteJson(Utf8JsonWriter json, object value)
    {
        switch (value)
        {
            case DBNull: json.WriteNullValue(); break;
            case bool b: json.WriteBooleanValue(b); break;
            case sbyte or byte or short or ushort or int or uint or long: json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong u: json.WriteNumberValue(u); break;
            case float or double: json.WriteNumberValue(Convert.ToDouble(value, CultureInfo.InvariantCulture)); break;
            case decimal d: json.WriteNumberValue(d); break;
            default: json.WriteStringValue(Format(value)); break;
        }
    }

    private static string Text(QuiverDataReader reader, int i) => reader.IsDBNull(i) ? "NULL"
        : reader.GetQuiverDbType(i) == QuiverDbType.Date ? reader.GetFieldValue<DateOnly>(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : Format(reader.GetValue(i));

    private static string Format(object value) => value switch
    {
        DateTime dateTime => dateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + (dateTime.Kind == DateTimeKind.Utc ? "Z" : ""),
        byte[] bytes => "\\x" + Convert.ToHexString(bytes),
        Array array => "[" + string.Join(", ", array.Cast<object?>().Select(v => v is null or DBNull ? "NULL" : Format(v))) + "]",
        System.Collections.IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object>().Select(k => $"{Format(k)}: {(map[k] is DBNull or null ? "NULL" : Format(map[k]!))}")) + "}",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Csv(string text)
        => text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
