using System.Globalization;
using System.Text;
using Apache.Arrow;

namespace Quiver.Odbc.Results;

/// <summary>
/// Values as text, for SQL_C_CHAR/SQL_C_WCHAR and for the types ODBC has no type for (lists, structs, maps, intervals):
/// the forms ODBC gives for its types (dates yyyy-mm-dd, timestamps yyyy-mm-dd hh:mm:ss[.f], bits 0 and 1, binary as
/// hex) and DuckDB's own text for nested values ([1, 2], {'a': 1}, {k=v}).
/// </summary>
internal static class ValueText
{
    private const int UnixEpochDayNumber = 719162;

    public static string Of(in Cell cell) => cell.Kind switch
    {
        CellKind.Null => "",
        CellKind.Boolean => cell.Signed != 0 ? "1" : "0",
        CellKind.Signed => cell.Signed.ToString(CultureInfo.InvariantCulture),
        CellKind.Unsigned => cell.Unsigned.ToString(CultureInfo.InvariantCulture),
        CellKind.Double => cell.Scale == 1 ? ((float)cell.Double).ToString("R", CultureInfo.InvariantCulture) : cell.Double.ToString("R", CultureInfo.InvariantCulture),
        CellKind.Decimal => Decimal(cell.Unscaled, cell.Scale),
        CellKind.Text => cell.String ?? Encoding.UTF8.GetString(cell.Bytes),
        CellKind.Binary => Convert.ToHexString(cell.Bytes),
        CellKind.Date => Date(cell.Signed),
        CellKind.Time => Time(cell.Signed),
        CellKind.Timestamp => Timestamp(cell.Seconds, cell.Nanoseconds),
        CellKind.Guid => Guid(cell.Bytes),
        CellKind.Interval => Interval(cell.Months, cell.Days, cell.IntervalNanoseconds),
        _ => "",
    };

    public static string Decimal(Int128 unscaled, int scale)
    {
        var negative = unscaled < 0;
        var digits = (negative ? -unscaled : unscaled).ToString(CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            digits = digits.PadLeft(scale + 1, '0');
            digits = digits[..^scale] + "." + digits[^scale..];
        }

        return negative ? "-" + digits : digits;
    }

    public static DateOnly ToDate(long days)
    {
        var number = days + UnixEpochDayNumber;
        return number < DateOnly.MinValue.DayNumber || number > DateOnly.MaxValue.DayNumber
            ? throw new OdbcException("22008", $"The date {days} days from 1970-01-01 is outside the years 1 to 9999 that ODBC's date structures and text hold.")
            : DateOnly.FromDayNumber((int)number);
    }

    public static string Date(long days) => ToDate(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(long nanoseconds)
    {
        var seconds = nanoseconds / 1_000_000_000;
        var text = $"{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}";
        return text + Fraction((int)(nanoseconds % 1_000_000_000));
    }

    public static string Timestamp(long seconds, int nanoseconds)
    {
        var day = Math.DivRem(seconds, 86_400, out var inDay);
        if (inDay < 0)
        {
            day--;
            inDay += 86_400;
        }

        return Date(day) + " " + Time((inDay * 1_000_000_000) + nanoseconds);
    }

    private static string Fraction(int nanoseconds)
        => nanoseconds == 0 ? "" : "." + nanoseconds.ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0');

    public static string Guid(ReadOnlySpan<byte> bigEndian)
    {
        var hex = Convert.ToHexStringLower(bigEndian);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    public static string Interval(int months, int days, long nanoseconds)
    {
        var parts = new List<string>();
        var (years, restMonths) = Math.DivRem(months, 12);
        if (years != 0)
        {
            parts.Add(years + (Math.Abs(years) == 1 ? " year" : " years"));
        }

        if (restMonths != 0)
        {
            parts.Add(restMonths + (Math.Abs(restMonths) == 1 ? " month" : " months"));
        }

        if (days != 0)
        {
            parts.Add(days + (Math.Abs(days) == 1 ? " day" : " days"));
        }

        if (nanoseconds != 0 || parts.Count == 0)
        {
            var sign = nanoseconds < 0 ? "-" : "";
            parts.Add(sign + Time(Math.Abs(nanoseconds)));
        }

        return string.Join(' ', parts);
    }

    /// <summary>A nested value (list, array, struct, map) or any other value of an array, as DuckDB writes it.</summary>
    public static string Format(IArrowArray array, int row)
    {
        var text = new StringBuilder();
        Append(text, array, row, nested: false);
        return text.ToString();
    }

    private static void Append(StringBuilder text, IArrowArray array, int row, bool nested)
    {
        if (array.IsNull(row))
        {
            text.Append(nested ? "NULL" : "");
            return;
        }

        switch (array)
        {
            case MapArray map:
                text.Append('{');
                var keys = map.Keys;
                var values = map.Values;
                for (int i = map.ValueOffsets[row], n = 0; i < map.ValueOffsets[row + 1]; i++, n++)
                {
                    text.Append(n > 0 ? ", " : "");
                    Append(text, keys, i, nested: true);
                    text.Append('=');
                    Append(text, values, i, nested: true);
                }

                text.Append('}');
                return;
            case ListArray list:
                text.Append('[');
                for (int i = list.ValueOffsets[row], n = 0; i < list.ValueOffsets[row + 1]; i++, n++)
                {
                    text.Append(n > 0 ? ", " : "");
                    Append(text, list.Values, i, nested: true);
                }

                text.Append(']');
                return;
            case FixedSizeListArray fixedList:
                var size = ((Apache.Arrow.Types.FixedSizeListType)fixedList.Data.DataType).ListSize;
                text.Append('[');
                for (var i = 0; i < size; i++)
                {
                    text.Append(i > 0 ? ", " : "");
                    Append(text, fixedList.Values, ((fixedList.Offset + row) * size) + i, nested: true);
                }

                text.Append(']');
                return;
            case StructArray structure:
                var type = (Apache.Arrow.Types.StructType)structure.Data.DataType;
                text.Append('{');
                for (var i = 0; i < type.Fields.Count; i++)
                {
                    text.Append(i > 0 ? ", " : "").Append('\'').Append(type.Fields[i].Name).Append("': ");
                    Append(text, structure.Fields[i], structure.Offset + row, nested: true);
                }

                text.Append('}');
                return;
            case NullArray:
                text.Append(nested ? "NULL" : "");
                return;
            default:
                var cell = ColumnCells.For(array).Get(row);
                text.Append(cell.Kind == CellKind.Boolean ? (cell.Signed != 0 ? "true" : "false") : Of(cell));
                return;
        }
    }
}
