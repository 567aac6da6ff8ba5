using System.Globalization;
using System.Text;
using System.Text.Json;
using Quiver.Data;

namespace Quiver.Cli;

/// <summary>
/// Prints result sets: an aligned table (numbers right-aligned) or, expanded, one block per row; CSV; one JSON array
/// document; or JSON lines. JSON writes values as their natural JSON: numbers, booleans, ISO 8601 strings for dates,
/// times, timestamps and intervals, arrays for lists, objects for structs and maps, base64 for blobs; NaN and
/// infinities, which JSON has no number for, are null.
/// </summary>
internal sealed class ResultPrinter(TextWriter output, OutputFormat format)
{
    // An aligned table has to see every row before it prints; beyond this many rows it prints in slices of this size.
    private const int TableSlice = 1000;

    /// <summary>Expanded display (\x): each row as a block of column | value lines.</summary>
    public bool Expanded { get; set; }

    public async Task<long> PrintAsync(QuiverDataReader reader, CancellationToken cancellationToken)
    {
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        return format switch
        {
            OutputFormat.Csv => await CsvAsync(reader, names, cancellationToken),
            OutputFormat.Json => await JsonAsync(reader, names, lines: false, cancellationToken),
            OutputFormat.Jsonl => await JsonAsync(reader, names, lines: true, cancellationToken),
            _ when Expanded => await ExpandedAsync(reader, names, cancellationToken),
            _ => await TableAsync(reader, names, cancellationToken),
        };
    }

    private async Task<long> TableAsync(QuiverDataReader reader, string[] names, CancellationToken cancellationToken)
    {
        var numeric = Enumerable.Range(0, names.Length).Select(i => IsNumber(reader.GetQuiverDbType(i))).ToArray();
        var rows = new List<string[]>();
        var count = 0L;
        var printedHeader = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Enumerable.Range(0, names.Length).Select(i => Text(reader, i)).ToArray());
            count++;
            if (rows.Count == TableSlice)
            {
                Flush(names, numeric, rows, ref printedHeader);
            }
        }

        Flush(names, numeric, rows, ref printedHeader);
        return count;
    }

    private void Flush(string[] names, bool[] numeric, List<string[]> rows, ref bool printedHeader)
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
            output.WriteLine(" " + string.Join(" | ", row.Select((v, i) => numeric[i] ? v.PadLeft(widths[i]) : v.PadRight(widths[i]))).TrimEnd());
        }

        rows.Clear();
    }

    private async Task<long> ExpandedAsync(QuiverDataReader reader, string[] names, CancellationToken cancellationToken)
    {
        var width = names.Max(n => n.Length);
        var count = 0L;
        while (await reader.ReadAsync(cancellationToken))
        {
            count++;
            output.WriteLine($"-[ RECORD {count} ]" + new string('-', Math.Max(0, width - 8)));
            for (var i = 0; i < names.Length; i++)
            {
                output.WriteLine($"{names[i].PadRight(width)} | {Text(reader, i)}".TrimEnd());
            }
        }

        return count;
    }

    private static bool IsNumber(QuiverDbType type) => type is QuiverDbType.TinyInt or QuiverDbType.SmallInt or QuiverDbType.Integer or QuiverDbType.BigInt
        or QuiverDbType.UTinyInt or QuiverDbType.USmallInt or QuiverDbType.UInteger or QuiverDbType.UBigInt or QuiverDbType.Float or QuiverDbType.Double
        or QuiverDbType.Decimal;

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

    private async Task<long> JsonAsync(QuiverDataReader reader, string[] names, bool lines, CancellationToken cancellationToken)
    {
        var count = 0L;
        var buffer = new MemoryStream();
        if (!lines)
        {
            output.Write('[');
        }

        while (await reader.ReadAsync(cancellationToken))
        {
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                for (var i = 0; i < names.Length; i++)
                {
                    json.WritePropertyName(names[i]);
                    WriteJson(json, Value(reader, i));
                }

                json.WriteEndObject();
            }

            var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            if (lines)
            {
                output.WriteLine(text);
            }
            else
            {
                output.Write(count == 0 ? "\n" + text : ",\n" + text);
            }

            count++;
        }

        if (!lines)
        {
            output.WriteLine(count == 0 ? "]" : "\n]");
        }

        return count;
    }

    /// <summary>The column's value to print: intervals, dates, times and lists as below, everything else as GetValue gives it.</summary>
    private static object Value(QuiverDataReader reader, int i) => reader.IsDBNull(i) ? DBNull.Value : reader.GetQuiverDbType(i) switch
    {
        QuiverDbType.Interval => reader.GetInterval(i),
        QuiverDbType.Date => reader.GetFieldValue<DateOnly>(i),
        QuiverDbType.Time => reader.GetFieldValue<TimeOnly>(i),
        // As object[], so that NULL elements of a list of numbers have a place (a typed array has none).
        QuiverDbType.List or QuiverDbType.Array => reader.GetFieldValue<object[]>(i),
        _ => reader.GetValue(i),
    };

    private static void WriteJson(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null or DBNull: json.WriteNullValue(); break;
            case bool b: json.WriteBooleanValue(b); break;
            case sbyte or byte or short or ushort or int or uint or long: json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong u: json.WriteNumberValue(u); break;
            case float or double:
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(number))
                {
                    json.WriteNumberValue(number);
                }
                else
                {
                    json.WriteNullValue();
                }

                break;
            case decimal d: json.WriteNumberValue(d); break;
            case System.Numerics.BigInteger big: json.WriteRawValue(big.ToString(CultureInfo.InvariantCulture)); break;
            case DateOnly date: json.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case TimeOnly time: json.WriteStringValue(time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)); break;
            case TimeSpan span: json.WriteStringValue(Iso8601(new QuiverInterval(0, 0, span.Ticks / TimeSpan.TicksPerMicrosecond))); break;
            case QuiverInterval interval: json.WriteStringValue(Iso8601(interval)); break;
            case DateTime dateTime: json.WriteStringValue(dateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + (dateTime.Kind == DateTimeKind.Utc ? "Z" : "")); break;
            case DateTimeOffset offset: json.WriteStringValue(offset.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "Z"); break;
            case byte[] bytes: json.WriteBase64StringValue(bytes); break;
            case Guid guid: json.WriteStringValue(guid.ToString()); break;
            case System.Collections.IDictionary map:
                json.WriteStartObject();
                foreach (System.Collections.DictionaryEntry entry in map)
                {
                    json.WritePropertyName(entry.Key is string key ? key : Format(entry.Key));
                    WriteJson(json, entry.Value);
                }

                json.WriteEndObject();
                break;
            case System.Collections.IEnumerable items when value is not string:
                json.WriteStartArray();
                foreach (var item in items)
                {
                    WriteJson(json, item);
                }

                json.WriteEndArray();
                break;
            default: json.WriteStringValue(Format(value)); break;
        }
    }

    /// <summary>An interval as an ISO 8601 duration (P1Y2M3DT4H5M6.5S), the sign on each part as DuckDB keeps parts apart.</summary>
    private static string Iso8601(QuiverInterval interval)
    {
        var text = new StringBuilder("P");
        var (years, months) = Math.DivRem(interval.Months, 12);
        if (years != 0)
        {
            text.Append(years).Append('Y');
        }

        if (months != 0)
        {
            text.Append(months).Append('M');
        }

        if (interval.Days != 0)
        {
            text.Append(interval.Days).Append('D');
        }

        if (interval.Microseconds != 0 || text.Length == 1)
        {
            var (hours, rest) = Math.DivRem(interval.Microseconds, 3_600_000_000L);
            var (minutes, micros) = Math.DivRem(rest, 60_000_000L);
            text.Append('T');
            if (hours != 0)
            {
                text.Append(hours).Append('H');
            }

            if (minutes != 0)
            {
                text.Append(minutes).Append('M');
            }

            if (micros != 0 || (hours == 0 && minutes == 0))
            {
                text.Append((micros / 1_000_000m).ToString("0.######", CultureInfo.InvariantCulture)).Append('S');
            }
        }

        return text.ToString();
    }

    /// <summary>An interval as DuckDB prints it: 1 year 2 months 3 days 04:05:06.5.</summary>
    private static string IntervalText(QuiverInterval interval)
    {
        var parts = new List<string>();
        var (years, months) = Math.DivRem(interval.Months, 12);
        void Part(long n, string unit)
        {
            if (n != 0)
            {
                parts.Add($"{n} {unit}{(Math.Abs(n) == 1 ? "" : "s")}");
            }
        }

        Part(years, "year");
        Part(months, "month");
        Part(interval.Days, "day");
        if (interval.Microseconds != 0 || parts.Count == 0)
        {
            var time = TimeSpan.FromTicks(Math.Abs(interval.Microseconds) * TimeSpan.TicksPerMicrosecond);
            parts.Add((interval.Microseconds < 0 ? "-" : "") + $"{(long)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}"
                + (time.Ticks % TimeSpan.TicksPerSecond == 0 ? "" : "." + (time.Ticks % TimeSpan.TicksPerSecond / 10).ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0')));
        }

        return string.Join(' ', parts);
    }

    private static string Text(QuiverDataReader reader, int i) => reader.IsDBNull(i) ? "NULL" : Format(Value(reader, i));

    private static string Format(object value) => value switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTime dateTime => dateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + (dateTime.Kind == DateTimeKind.Utc ? "Z" : ""),
        QuiverInterval interval => IntervalText(interval),
        byte[] bytes => "\\x" + Convert.ToHexString(bytes),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        Array array => "[" + string.Join(", ", array.Cast<object?>().Select(v => v is null or DBNull ? "NULL" : Format(v))) + "]",
        System.Collections.IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object>().Select(k => $"{Format(k)}: {(map[k] is DBNull or null ? "NULL" : Format(map[k]!))}")) + "}",
        System.Collections.IEnumerable items when value is not string => "[" + string.Join(", ", items.Cast<object?>().Select(v => v is null or DBNull ? "NULL" : Format(v))) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Csv(string text)
        => text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
