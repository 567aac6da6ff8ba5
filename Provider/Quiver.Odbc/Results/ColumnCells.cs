using System.Buffers.Binary;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Types;

namespace Quiver.Odbc.Results;

/// <summary>Reads the cells of one column of one record batch; made once per column per batch.</summary>
internal abstract class ColumnCells(IArrowArray array)
{
    protected IArrowArray Array { get; } = array;

    public bool IsNull(int row) => Array.IsNull(row);

    public Cell Get(int row) => Array.IsNull(row) ? Cell.Null : Read(row);

    protected abstract Cell Read(int row);

    public static ColumnCells For(IArrowArray array) => array switch
    {
        BooleanArray a => new BooleanCells(a),
        Int8Array a => new SignedCells<sbyte>(a),
        Int16Array a => new SignedCells<short>(a),
        Int32Array a => new SignedCells<int>(a),
        Int64Array a => new SignedCells<long>(a),
        UInt8Array a => new UnsignedCells<byte>(a),
        UInt16Array a => new UnsignedCells<ushort>(a),
        UInt32Array a => new UnsignedCells<uint>(a),
        UInt64Array a => new UnsignedCells<ulong>(a),
        FloatArray a => new FloatCells(a),
        DoubleArray a => new DoubleCells(a),
        Decimal128Array a => new DecimalCells(a),
        StringArray a => new TextCells(a),
        BinaryArray a => new BinaryCells(a),
        Date32Array a => new DateCells(a),
        Time64Array a => new TimeCells(a, ((TimeType)a.Data.DataType).Unit),
        Time32Array a => new TimeCells(a, ((TimeType)a.Data.DataType).Unit),
        TimestampArray a => new TimestampCells(a, ((TimestampType)a.Data.DataType).Unit),
        MonthDayNanosecondIntervalArray a => new IntervalCells(a),
        FixedSizeBinaryArray a when a.Data.DataType is FixedSizeBinaryType { ByteWidth: 16 } => new GuidCells(a),
        DictionaryArray a => new DictionaryCells(a),
        _ => new FormattedCells(array),
    };

    private sealed class BooleanCells(BooleanArray array) : ColumnCells(array)
    {
        protected override Cell Read(int row) => new(CellKind.Boolean) { Signed = array.GetValue(row) == true ? 1 : 0 };
    }

    private sealed class SignedCells<T>(PrimitiveArray<T> array) : ColumnCells(array)
        where T : struct, System.Numerics.IBinaryInteger<T>
    {
        protected override Cell Read(int row) => new(CellKind.Signed) { Signed = long.CreateTruncating(array.Values[row]) };
    }

    private sealed class UnsignedCells<T>(PrimitiveArray<T> array) : ColumnCells(array)
        where T : struct, System.Numerics.IBinaryInteger<T>
    {
        protected override Cell Read(int row) => new(CellKind.Unsigned) { Unsigned = ulong.CreateTruncating(array.Values[row]) };
    }

    private sealed class FloatCells(FloatArray array) : ColumnCells(array)
    {
        protected override Cell Read(int row) => new(CellKind.Double) { Double = array.Values[row], Scale = 1 };
    }

    private sealed class DoubleCells(DoubleArray array) : ColumnCells(array)
    {
        protected override Cell Read(int row) => new(CellKind.Double) { Double = array.Values[row] };
    }

    private sealed class DecimalCells(Decimal128Array array) : ColumnCells(array)
    {
        protected override Cell Read(int row)
        {
            var bytes = array.GetBytes(row);
            var value = new Int128(BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]), BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            return new(CellKind.Decimal) { Unscaled = value, Scale = array.Scale };
        }
    }

    private sealed class TextCells(StringArray array) : ColumnCells(array)
    {
        protected override Cell Read(int row) => new(CellKind.Text) { Bytes = array.GetBytes(row) };
    }

    private sealed class BinaryCells(BinaryArray array) : ColumnCells(array)
    {
        protected override Cell Read(int row) => new(CellKind.Binary) { Bytes = array.GetBytes(row) };
    }

    private sealed class DateCells(Date32Array array) : ColumnCells(array)
    {
        protected override Cell Read(int row) => new(CellKind.Date) { Signed = array.Values[row] };
    }

    private sealed class TimeCells(IArrowArray array, TimeUnit unit) : ColumnCells(array)
    {
        protected override Cell Read(int row)
        {
            var raw = Array is Time64Array t64 ? t64.Values[row] : ((Time32Array)Array).Values[row];
            return new(CellKind.Time) { Signed = raw * NanosecondsPer(unit) };
        }
    }

    private sealed class TimestampCells(TimestampArray array, TimeUnit unit) : ColumnCells(array)
    {
        private readonly long _perSecond = 1_000_000_000 / NanosecondsPer(unit);

        protected override Cell Read(int row)
        {
            var raw = array.Values[row];
            var seconds = Math.DivRem(raw, _perSecond, out var remainder);
            if (remainder < 0)
            {
                seconds--;
                remainder += _perSecond;
            }

            return new(CellKind.Timestamp) { Seconds = seconds, Nanoseconds = (int)(remainder * NanosecondsPer(unit)) };
        }
    }

    private sealed class IntervalCells(MonthDayNanosecondIntervalArray array) : ColumnCells(array)
    {
        protected override Cell Read(int row)
        {
            var value = array.Values[row];
            return new(CellKind.Interval) { Months = value.Months, Days = value.Days, IntervalNanoseconds = value.Nanoseconds };
        }
    }

    private sealed class GuidCells(FixedSizeBinaryArray array) : ColumnCells(array)
    {
        protected override Cell Read(int row) => new(CellKind.Guid) { Bytes = array.GetBytes(row) };
    }

    private sealed class DictionaryCells(DictionaryArray array) : ColumnCells(array)
    {
        private readonly ColumnCells _dictionary = For(array.Dictionary);

        protected override Cell Read(int row)
        {
            var index = array.Indices switch
            {
                UInt8Array a => (int)a.Values[row],
                UInt16Array a => a.Values[row],
                UInt32Array a => (int)a.Values[row],
                Int8Array a => a.Values[row],
                Int16Array a => a.Values[row],
                Int32Array a => a.Values[row],
                Int64Array a => (int)a.Values[row],
                _ => throw new OdbcException("HY000", "An ENUM column came with indices of an unexpected type."),
            };
            return _dictionary.Get(index);
        }
    }

    /// <summary>Lists, structs, maps and anything else: the value as text.</summary>
    private sealed class FormattedCells(IArrowArray array) : ColumnCells(array)
    {
        protected override Cell Read(int row) => new(CellKind.Text) { String = ValueText.Format(Array, row) };
    }

    public static long NanosecondsPer(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => 1_000_000_000,
        TimeUnit.Millisecond => 1_000_000,
        TimeUnit.Microsecond => 1_000,
        _ => 1,
    };
}
