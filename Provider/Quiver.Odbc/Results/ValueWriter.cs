using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using Quiver.Odbc.Native;

namespace Quiver.Odbc.Results;

/// <summary>
/// Converts one value to the application's C type in its buffer, by the conversion rules of the ODBC reference
/// (appendix D): truncated text and binary report 01004 and their full length, a number cut to an integer 01S07, a
/// value outside the C type's range 22003, text that is not a number 22018, a conversion ODBC does not define 07006.
/// Text and binary come in parts across SQLGetData calls: <c>offset</c> is where the next part starts, -1 once all was
/// returned.
/// </summary>
internal static unsafe class ValueWriter
{
    public const long Done = -1;

    private static readonly double[] PowersOfTen = Enumerable.Range(0, 39).Select(e => Math.Pow(10, e)).ToArray();

    public static short Write(in Cell cell, ColumnInfo column, short cType, byte* target, nint bufferLength, nint* length, ref long offset, DescriptorRecord? record, Diagnostics diagnostics)
    {
        switch (cType)
        {
            case CType.Char:
                return cell.Kind == CellKind.Text && cell.String is null
                    ? Chunk(cell.Bytes, target, bufferLength, length, ref offset, terminator: 1, diagnostics)
                    : Chunk(Encoding.UTF8.GetBytes(ValueText.Of(cell)), target, bufferLength, length, ref offset, terminator: 1, diagnostics);
            case CType.WChar:
                if (offset == 0 && cell.Kind == CellKind.Text && cell.String is null && target is not null && bufferLength >= 2
                    && System.Text.Unicode.Utf8.ToUtf16(cell.Bytes, new Span<char>(target, (int)Math.Min(int.MaxValue / 2, (bufferLength / 2) - 1)), out _, out var written) == System.Buffers.OperationStatus.Done)
                {
                    // The whole value fitted: transcoded straight into the buffer.
                    ((char*)target)[written] = '\0';
                    Set(length, written * 2);
                    offset = Done;
                    return SqlReturn.Success;
                }

                var text = cell.Kind == CellKind.Text && cell.String is null ? Encoding.UTF8.GetString(cell.Bytes) : ValueText.Of(cell);
                return Chunk(System.Runtime.InteropServices.MemoryMarshal.AsBytes(text.AsSpan()), target, bufferLength, length, ref offset, terminator: 2, diagnostics);
            case CType.Binary:
                return cell.Kind switch
                {
                    CellKind.Binary or CellKind.Text when cell.String is null => Chunk(cell.Bytes, target, bufferLength, length, ref offset, terminator: 0, diagnostics),
                    CellKind.Guid => Chunk(cell.Bytes, target, bufferLength, length, ref offset, terminator: 0, diagnostics),
                    CellKind.Text => Chunk(Encoding.UTF8.GetBytes(cell.String!), target, bufferLength, length, ref offset, terminator: 0, diagnostics),
                    _ => throw OdbcException.RestrictedConversion(column.SqlType, cType),
                };
        }

        if (offset == Done)
        {
            return SqlReturn.NoData;
        }

        var result = SqlReturn.Success;
        switch (cType)
        {
            case CType.STinyInt or CType.TinyInt:
                *(sbyte*)target = (sbyte)Integer(cell, column, cType, sbyte.MinValue, sbyte.MaxValue, diagnostics, ref result);
                Set(length, 1);
                break;
            case CType.UTinyInt:
                *target = (byte)Integer(cell, column, cType, 0, byte.MaxValue, diagnostics, ref result);
                Set(length, 1);
                break;
            case CType.SShort or CType.Short:
                *(short*)target = (short)Integer(cell, column, cType, short.MinValue, short.MaxValue, diagnostics, ref result);
                Set(length, 2);
                break;
            case CType.UShort:
                *(ushort*)target = (ushort)Integer(cell, column, cType, 0, ushort.MaxValue, diagnostics, ref result);
                Set(length, 2);
                break;
            case CType.SLong or CType.Long:
                *(int*)target = (int)Integer(cell, column, cType, int.MinValue, int.MaxValue, diagnostics, ref result);
                Set(length, 4);
                break;
            case CType.ULong:
                *(uint*)target = (uint)Integer(cell, column, cType, 0, uint.MaxValue, diagnostics, ref result);
                Set(length, 4);
                break;
            case CType.SBigInt:
                *(long*)target = (long)Integer(cell, column, cType, long.MinValue, long.MaxValue, diagnostics, ref result);
                Set(length, 8);
                break;
            case CType.UBigInt:
                *(ulong*)target = (ulong)Integer(cell, column, cType, 0, ulong.MaxValue, diagnostics, ref result);
                Set(length, 8);
                break;
            case CType.Bit:
                *target = (byte)Integer(cell, column, cType, 0, 1, diagnostics, ref result);
                Set(length, 1);
                break;
            case CType.Double:
                *(double*)target = Floating(cell, column, cType);
                Set(length, 8);
                break;
            case CType.Float:
                var single = Floating(cell, column, cType);
                if (!double.IsInfinity(single) && Math.Abs(single) > float.MaxValue)
                {
                    throw new OdbcException("22003", $"The value {single} is outside the range of SQL_C_FLOAT.");
                }

                *(float*)target = (float)single;
                Set(length, 4);
                break;
            case CType.Numeric:
                WriteNumeric(cell, column, (SqlNumeric*)target, record, diagnostics, ref result);
                Set(length, sizeof(SqlNumeric));
                break;
            case CType.TypeDate or CType.Date:
                WriteDate(cell, column, cType, (SqlDate*)target, diagnostics, ref result);
                Set(length, sizeof(SqlDate));
                break;
            case CType.TypeTime or CType.Time:
                WriteTime(cell, column, cType, (SqlTime*)target, diagnostics, ref result);
                Set(length, sizeof(SqlTime));
                break;
            case CType.TypeTimestamp or CType.Timestamp:
                WriteTimestamp(cell, column, cType, (SqlTimestamp*)target);
                Set(length, sizeof(SqlTimestamp));
                break;
            case CType.Guid:
                WriteGuid(cell, column, cType, (SqlGuid*)target);
                Set(length, sizeof(SqlGuid));
                break;
            default:
                throw new OdbcException("HY003", $"C type {cType} is not a C type this driver converts to (docs/odbc.md lists them).");
        }

        // Only a value that was returned is done: after a failed conversion the application may ask again as another type.
        offset = Done;
        return result;
    }

    private static void Set(nint* length, nint value)
    {
        if (length is not null)
        {
            *length = value;
        }
    }

    /// <summary>The next part of text or binary data; <paramref name="terminator"/> is the size of the NUL to append (0 for binary).</summary>
    private static short Chunk(ReadOnlySpan<byte> data, byte* target, nint bufferLength, nint* length, ref long offset, int terminator, Diagnostics diagnostics)
    {
        if (offset == Done)
        {
            return SqlReturn.NoData;
        }

        if (bufferLength < 0)
        {
            throw OdbcException.InvalidBufferLength($"BufferLength {bufferLength} is negative.");
        }

        var remaining = data[(int)offset..];
        Set(length, remaining.Length);
        var room = target is null ? 0 : (int)Math.Min(int.MaxValue, bufferLength) - terminator;
        room -= room % Math.Max(terminator, 1);
        if (room < 0)
        {
            diagnostics.Warn("01004", "String data, right truncated: the buffer has no room for the value.");
            return SqlReturn.SuccessWithInfo;
        }

        var count = Math.Min(room, remaining.Length);
        if (count > 0)
        {
            remaining[..count].CopyTo(new Span<byte>(target, count));
        }

        if (terminator > 0)
        {
            new Span<byte>(target + count, terminator).Clear();
        }

        if (count < remaining.Length)
        {
            offset += count;
            diagnostics.Warn("01004", "String data, right truncated.");
            return SqlReturn.SuccessWithInfo;
        }

        offset = Done;
        return SqlReturn.Success;
    }

    private static Int128 Integer(in Cell cell, ColumnInfo column, short cType, Int128 min, Int128 max, Diagnostics diagnostics, ref short result)
    {
        Int128 value;
        var fraction = false;
        switch (cell.Kind)
        {
            case CellKind.Boolean or CellKind.Signed:
                value = cell.Signed;
                break;
            case CellKind.Unsigned:
                value = cell.Unsigned;
                break;
            case CellKind.Double:
                var number = cell.Double;
                if (double.IsNaN(number) || number >= 1.7e38 || number <= -1.7e38)
                {
                    throw OutOfRange(number.ToString(CultureInfo.InvariantCulture), cType);
                }

                value = (Int128)Math.Truncate(number);
                fraction = number != Math.Truncate(number);
                break;
            case CellKind.Decimal:
                var divisor = Pow10(cell.Scale);
                value = Int128.DivRem(cell.Unscaled, divisor).Quotient;
                fraction = cell.Unscaled % divisor != 0;
                break;
            case CellKind.Text:
                var text = cell.String ?? Encoding.UTF8.GetString(cell.Bytes);
                if (!decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    if (cType == CType.Bit && bool.TryParse(text.Trim(), out var flag))
                    {
                        return flag ? 1 : 0;
                    }

                    throw new OdbcException("22018", $"'{Shorten(text)}' is not a number (converting to C type {cType}).");
                }

                value = (Int128)decimal.Truncate(parsed);
                fraction = parsed != decimal.Truncate(parsed);
                break;
            default:
                throw OdbcException.RestrictedConversion(column.SqlType, cType);
        }

        if (value < min || value > max)
        {
            throw OutOfRange(ValueText.Of(cell), cType);
        }

        if (fraction)
        {
            diagnostics.Warn("01S07", "Fractional truncation.");
            result = SqlReturn.SuccessWithInfo;
        }

        return value;
    }

    private static double Floating(in Cell cell, ColumnInfo column, short cType) => cell.Kind switch
    {
        CellKind.Boolean or CellKind.Signed => cell.Signed,
        CellKind.Unsigned => cell.Unsigned,
        CellKind.Double => cell.Double,
        CellKind.Decimal => (double)cell.Unscaled / PowersOfTen[cell.Scale],
        CellKind.Text => double.TryParse(cell.String ?? Encoding.UTF8.GetString(cell.Bytes), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new OdbcException("22018", $"'{Shorten(cell.String ?? Encoding.UTF8.GetString(cell.Bytes))}' is not a number (converting to C type {cType})."),
        _ => throw OdbcException.RestrictedConversion(column.SqlType, cType),
    };

    private static void WriteNumeric(in Cell cell, ColumnInfo column, SqlNumeric* target, DescriptorRecord? record, Diagnostics diagnostics, ref short result)
    {
        // SQLBindCol leaves precision and scale to SQLSetDescField; without them the driver's defaults are the column's own.
        var scale = record is { Precision: > 0 } ? record.Scale : (cell.Kind == CellKind.Decimal ? cell.Scale : 0);
        var precision = record is { Precision: > 0 } ? record.Precision : (short)38;
        BigInteger unscaled;
        int sourceScale;
        switch (cell.Kind)
        {
            case CellKind.Decimal:
                (unscaled, sourceScale) = ((BigInteger)cell.Unscaled, cell.Scale);
                break;
            case CellKind.Signed or CellKind.Boolean:
                (unscaled, sourceScale) = (cell.Signed, 0);
                break;
            case CellKind.Unsigned:
                (unscaled, sourceScale) = (cell.Unsigned, 0);
                break;
            case CellKind.Double or CellKind.Text:
                var text = cell.Kind == CellKind.Double ? cell.Double.ToString("R", CultureInfo.InvariantCulture) : cell.String ?? Encoding.UTF8.GetString(cell.Bytes);
                (unscaled, sourceScale) = ParseDecimal(text);
                break;
            default:
                throw OdbcException.RestrictedConversion(column.SqlType, CType.Numeric);
        }

        if (scale >= sourceScale)
        {
            unscaled *= BigInteger.Pow(10, scale - sourceScale);
        }
        else
        {
            var divisor = BigInteger.Pow(10, sourceScale - scale);
            var truncated = BigInteger.Divide(unscaled, divisor);
            if (truncated * divisor != unscaled)
            {
                diagnostics.Warn("01S07", "Fractional truncation.");
                result = SqlReturn.SuccessWithInfo;
            }

            unscaled = truncated;
        }

        var magnitude = BigInteger.Abs(unscaled);
        if (magnitude >= BigInteger.Pow(10, precision) || magnitude.GetByteCount(isUnsigned: true) > 16)
        {
            throw new OdbcException("22003", $"The value does not fit SQL_C_NUMERIC with precision {precision} and scale {scale}.");
        }

        target->Precision = (byte)precision;
        target->Scale = (sbyte)scale;
        target->Sign = unscaled.Sign < 0 ? (byte)0 : (byte)1;
        var bytes = new Span<byte>(target->Value, 16);
        bytes.Clear();
        magnitude.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
    }

    public static (BigInteger Unscaled, int Scale) ParseDecimal(string text)
    {
        if (!decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new OdbcException("22018", $"'{Shorten(text)}' is not a number.");
        }

        var bits = decimal.GetBits(value);
        var magnitude = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        return (value < 0 ? -magnitude : magnitude, scale);
    }

    private static void WriteDate(in Cell cell, ColumnInfo column, short cType, SqlDate* target, Diagnostics diagnostics, ref short result)
    {
        DateOnly date;
        switch (cell.Kind)
        {
            case CellKind.Date:
                date = ValueText.ToDate(cell.Signed);
                break;
            case CellKind.Timestamp:
                var (day, inDay) = Split(cell.Seconds);
                date = ValueText.ToDate(day);
                if (inDay != 0 || cell.Nanoseconds != 0)
                {
                    diagnostics.Warn("01S07", "Fractional truncation: the time of day was dropped.");
                    result = SqlReturn.SuccessWithInfo;
                }

                break;
            case CellKind.Text:
                var text = (cell.String ?? Encoding.UTF8.GetString(cell.Bytes)).Trim();
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
                {
                    throw new OdbcException("22018", $"'{Shorten(text)}' is not a date (yyyy-mm-dd).");
                }

                break;
            default:
                throw OdbcException.RestrictedConversion(column.SqlType, cType);
        }

        *target = new SqlDate { Year = (short)date.Year, Month = (ushort)date.Month, Day = (ushort)date.Day };
    }

    private static void WriteTime(in Cell cell, ColumnInfo column, short cType, SqlTime* target, Diagnostics diagnostics, ref short result)
    {
        long nanoseconds;
        switch (cell.Kind)
        {
            case CellKind.Time:
                nanoseconds = cell.Signed;
                break;
            case CellKind.Timestamp:
                nanoseconds = (Split(cell.Seconds).InDay * 1_000_000_000) + cell.Nanoseconds;
                break;
            case CellKind.Text:
                var text = (cell.String ?? Encoding.UTF8.GetString(cell.Bytes)).Trim();
                if (!TimeOnly.TryParse(text, CultureInfo.InvariantCulture, out var parsed))
                {
                    throw new OdbcException("22018", $"'{Shorten(text)}' is not a time (hh:mm:ss).");
                }

                nanoseconds = parsed.Ticks * 100;
                break;
            default:
                throw OdbcException.RestrictedConversion(column.SqlType, cType);
        }

        var seconds = nanoseconds / 1_000_000_000;
        if (nanoseconds % 1_000_000_000 != 0)
        {
            diagnostics.Warn("01S07", "Fractional truncation: SQL_TIME_STRUCT has no fraction of a second.");
            result = SqlReturn.SuccessWithInfo;
        }

        *target = new SqlTime { Hour = (ushort)(seconds / 3600 % 24), Minute = (ushort)(seconds / 60 % 60), Second = (ushort)(seconds % 60) };
    }

    private static void WriteTimestamp(in Cell cell, ColumnInfo column, short cType, SqlTimestamp* target)
    {
        DateOnly date;
        long nanoseconds;
        switch (cell.Kind)
        {
            case CellKind.Timestamp:
                var (day, inDay) = Split(cell.Seconds);
                date = ValueText.ToDate(day);
                nanoseconds = (inDay * 1_000_000_000) + cell.Nanoseconds;
                break;
            case CellKind.Date:
                date = ValueText.ToDate(cell.Signed);
                nanoseconds = 0;
                break;
            case CellKind.Time:
                // ODBC: a time converted to a timestamp takes the current date.
                date = DateOnly.FromDateTime(DateTime.Now);
                nanoseconds = cell.Signed;
                break;
            case CellKind.Text:
                var text = (cell.String ?? Encoding.UTF8.GetString(cell.Bytes)).Trim();
                if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    throw new OdbcException("22018", $"'{Shorten(text)}' is not a timestamp (yyyy-mm-dd hh:mm:ss[.f]).");
                }

                date = DateOnly.FromDateTime(parsed);
                nanoseconds = parsed.TimeOfDay.Ticks * 100;
                break;
            default:
                throw OdbcException.RestrictedConversion(column.SqlType, cType);
        }

        var seconds = nanoseconds / 1_000_000_000;
        *target = new SqlTimestamp
        {
            Year = (short)date.Year,
            Month = (ushort)date.Month,
            Day = (ushort)date.Day,
            Hour = (ushort)(seconds / 3600),
            Minute = (ushort)(seconds / 60 % 60),
            Second = (ushort)(seconds % 60),
            Fraction = (uint)(nanoseconds % 1_000_000_000),
        };
    }

    private static void WriteGuid(in Cell cell, ColumnInfo column, short cType, SqlGuid* target)
    {
        Span<byte> bytes = stackalloc byte[16];
        switch (cell.Kind)
        {
            case CellKind.Guid:
                cell.Bytes.CopyTo(bytes);
                break;
            case CellKind.Text:
                var text = cell.String ?? Encoding.UTF8.GetString(cell.Bytes);
                if (!System.Guid.TryParse(text, out var parsed))
                {
                    throw new OdbcException("22018", $"'{Shorten(text)}' is not a GUID.");
                }

                parsed.TryWriteBytes(bytes, bigEndian: true, out _);
                break;
            default:
                throw OdbcException.RestrictedConversion(column.SqlType, cType);
        }

        target->Data1 = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        target->Data2 = BinaryPrimitives.ReadUInt16BigEndian(bytes[4..]);
        target->Data3 = BinaryPrimitives.ReadUInt16BigEndian(bytes[6..]);
        bytes[8..].CopyTo(new Span<byte>(target->Data4, 8));
    }

    private static (long Day, long InDay) Split(long seconds)
    {
        var day = Math.DivRem(seconds, 86_400, out var inDay);
        return inDay < 0 ? (day - 1, inDay + 86_400) : (day, inDay);
    }

    private static Int128 Pow10(int exponent)
    {
        Int128 value = 1;
        for (var i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }

    private static OdbcException OutOfRange(string value, short cType)
        => new("22003", $"Numeric value out of range: {Shorten(value)} does not fit C type {cType}.");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
