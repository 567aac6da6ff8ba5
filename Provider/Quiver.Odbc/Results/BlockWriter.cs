using System.Buffers.Binary;
using Apache.Arrow;
using Apache.Arrow.Types;
using Quiver.Odbc.Native;

namespace Quiver.Odbc.Results;

/// <summary>Where a run of rows of one bound column goes: its data, indicator and length elements, column- or row-wise.</summary>
internal readonly unsafe struct BlockTarget(byte* data, nint stride, nint bufferLength, nint* indicator, nint* length, nint indicatorStride)
{
    public nint BufferLength { get; } = bufferLength;

    public byte* Data(int row) => data is null ? null : data + (stride * row);

    public nint* Indicator(int row) => indicator is null ? null : (nint*)((byte*)indicator + (indicatorStride * row));

    public nint* Length(int row) => length is null ? null : (nint*)((byte*)length + (indicatorStride * row));

    /// <summary>Sets the row's indicator and length for a value of <paramref name="bytes"/> bytes, or NULL.</summary>
    public bool Mark(int row, bool isNull, nint bytes)
    {
        var i = Indicator(row);
        var l = Length(row);
        if (isNull)
        {
            if (i is null)
            {
                return false;
            }

            *i = SqlLength.NullData;
            return true;
        }

        if (i is not null && i != l)
        {
            *i = 0;
        }

        if (l is not null)
        {
            *l = bytes;
        }

        return true;
    }
}

/// <summary>
/// Block copies from an Arrow array into bound buffers for the pairs of Arrow type and C type that BI tools bind most
/// (integers, doubles, booleans, text, decimals, dates and timestamps), without going through a value per cell. Other
/// pairs, and values a block copy cannot convert exactly, go value by value (ValueWriter).
/// </summary>
internal static unsafe class BlockWriter
{
    /// <summary>Writes the rows, returning how many were truncated; null when this pair has no block copy (or a NULL has no indicator).</summary>
    public static int? TryWrite(IArrowArray array, short cType, ColumnInfo column, DescriptorRecord record, int first, int count, in BlockTarget target, ushort* status)
    {
        if (array.NullCount > 0 && target.Indicator(0) is null)
        {
            return null; // 22002 for the NULL: the value-by-value path reports it
        }

        switch (array, cType)
        {
            case (Int64Array a, CType.SBigInt):
                return Fixed(a, a.Values, first, count, target);
            case (Int32Array a, CType.SLong or CType.Long):
                return Fixed(a, a.Values, first, count, target);
            case (Int16Array a, CType.SShort or CType.Short):
                return Fixed(a, a.Values, first, count, target);
            case (DoubleArray a, CType.Double):
                return Fixed(a, a.Values, first, count, target);
            case (FloatArray a, CType.Float):
                return Fixed(a, a.Values, first, count, target);
            case (Int32Array a, CType.SBigInt):
                return Widened(a, first, count, target);
            case (BooleanArray a, CType.Bit):
                for (var row = 0; row < count; row++)
                {
                    var isNull = a.NullCount > 0 && a.IsNull(first + row);
                    target.Mark(row, isNull, 1);
                    var bit = target.Data(row);
                    if (!isNull && bit is not null)
                    {
                        *bit = a.GetValue(first + row) == true ? (byte)1 : (byte)0;
                    }
                }

                return 0;
            case (StringArray a, CType.Char):
                return Text(a, first, count, target, status);
            case (Decimal128Array a, CType.Numeric) when record.Precision == 0 || (record.Scale == a.Scale && record.Precision >= a.Precision):
                return Numeric(a, first, count, target, record.Precision == 0 ? (byte)38 : (byte)record.Precision);
            case (TimestampArray a, CType.TypeTimestamp or CType.Timestamp):
                return Timestamps(a, first, count, target);
            case (Date32Array a, CType.TypeDate or CType.Date):
                return Dates(a, first, count, target);
            default:
                return null;
        }
    }

    private static int Fixed<T>(IArrowArray array, ReadOnlySpan<T> values, int first, int count, in BlockTarget target)
        where T : unmanaged
    {
        var nulls = array.NullCount > 0;
        for (var row = 0; row < count; row++)
        {
            var isNull = nulls && array.IsNull(first + row);
            target.Mark(row, isNull, sizeof(T));
            var data = target.Data(row);
            if (!isNull && data is not null)
            {
                *(T*)data = values[first + row];
            }
        }

        return 0;
    }

    private static int Widened(Int32Array array, int first, int count, in BlockTarget target)
    {
        var nulls = array.NullCount > 0;
        var values = array.Values;
        for (var row = 0; row < count; row++)
        {
            var isNull = nulls && array.IsNull(first + row);
            target.Mark(row, isNull, 8);
            var data = target.Data(row);
            if (!isNull && data is not null)
            {
                *(long*)data = values[first + row];
            }
        }

        return 0;
    }

    private static int Text(StringArray array, int first, int count, in BlockTarget target, ushort* status)
    {
        var nulls = array.NullCount > 0;
        var truncated = 0;
        var room = (int)Math.Min(int.MaxValue, target.BufferLength) - 1;
        for (var row = 0; row < count; row++)
        {
            var isNull = nulls && array.IsNull(first + row);
            var bytes = isNull ? default : array.GetBytes(first + row);
            target.Mark(row, isNull, bytes.Length);
            var data = target.Data(row);
            if (isNull || data is null || room < 0)
            {
                if (!isNull && room < 0 && bytes.Length > 0)
                {
                    truncated++;
                }

                continue;
            }

            var copied = Math.Min(room, bytes.Length);
            bytes[..copied].CopyTo(new Span<byte>(data, copied));
            data[copied] = 0;
            if (copied < bytes.Length)
            {
                truncated++;
                if (status is not null)
                {
                    status[row] = 6; // SQL_ROW_SUCCESS_WITH_INFO
                }
            }
        }

        return truncated;
    }

    private static int? Numeric(Decimal128Array array, int first, int count, in BlockTarget target, byte precision)
    {
        var nulls = array.NullCount > 0;
        var raw = array.ValueBuffer.Span[(array.Offset * 16)..];
        var scale = (sbyte)array.Scale;
        var limit = Int128.One;
        for (var i = 0; i < precision && i < 38; i++)
        {
            limit *= 10;
        }

        for (var row = 0; row < count; row++)
        {
            var isNull = nulls && array.IsNull(first + row);
            target.Mark(row, isNull, sizeof(SqlNumeric));
            var data = target.Data(row);
            if (isNull || data is null)
            {
                continue;
            }

            var bytes = raw.Slice((first + row) * 16, 16);
            var value = new Int128(BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]), BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            var magnitude = Int128.Abs(value);
            if (precision < 38 && magnitude >= limit)
            {
                throw new OdbcException("22003", $"The value does not fit SQL_C_NUMERIC with precision {precision}.");
            }

            var numeric = (SqlNumeric*)data;
            numeric->Precision = precision;
            numeric->Scale = scale;
            numeric->Sign = value < 0 ? (byte)0 : (byte)1;
            BinaryPrimitives.WriteUInt64LittleEndian(new Span<byte>(numeric->Value, 8), (ulong)magnitude);
            BinaryPrimitives.WriteUInt64LittleEndian(new Span<byte>(numeric->Value + 8, 8), (ulong)(magnitude >> 64));
        }

        return 0;
    }

    private static int Timestamps(TimestampArray array, int first, int count, in BlockTarget target)
    {
        var nulls = array.NullCount > 0;
        var unit = ((TimestampType)array.Data.DataType).Unit;
        var nanosecondsPer = ColumnCells.NanosecondsPer(unit);
        var perSecond = 1_000_000_000 / nanosecondsPer;
        var values = array.Values;
        for (var row = 0; row < count; row++)
        {
            var isNull = nulls && array.IsNull(first + row);
            target.Mark(row, isNull, sizeof(SqlTimestamp));
            var data = target.Data(row);
            if (isNull || data is null)
            {
                continue;
            }

            var seconds = Math.DivRem(values[first + row], perSecond, out var remainder);
            if (remainder < 0)
            {
                seconds--;
                remainder += perSecond;
            }

            var day = Math.DivRem(seconds, 86_400, out var inDay);
            if (inDay < 0)
            {
                day--;
                inDay += 86_400;
            }

            var (year, month, dayOfMonth) = ValueText.ToDate(day);
            *(SqlTimestamp*)data = new SqlTimestamp
            {
                Year = (short)year,
                Month = (ushort)month,
                Day = (ushort)dayOfMonth,
                Hour = (ushort)(inDay / 3600),
                Minute = (ushort)(inDay / 60 % 60),
                Second = (ushort)(inDay % 60),
                Fraction = (uint)(remainder * nanosecondsPer),
            };
        }

        return 0;
    }

    private static int Dates(Date32Array array, int first, int count, in BlockTarget target)
    {
        var nulls = array.NullCount > 0;
        var values = array.Values;
        for (var row = 0; row < count; row++)
        {
            var isNull = nulls && array.IsNull(first + row);
            target.Mark(row, isNull, sizeof(SqlDate));
            var data = target.Data(row);
            if (isNull || data is null)
            {
                continue;
            }

            var (year, month, day) = ValueText.ToDate(values[first + row]);
            *(SqlDate*)data = new SqlDate { Year = (short)year, Month = (ushort)month, Day = (ushort)day };
        }

        return 0;
    }
}
