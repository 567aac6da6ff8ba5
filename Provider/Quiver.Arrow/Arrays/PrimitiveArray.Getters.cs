using System.Buffers.Binary;

namespace Quiver.Arrow;

public sealed partial class PrimitiveArray
{
    /// <summary>An int8 value.</summary>
    public sbyte GetInt8(int row) => Read<sbyte>(row, ArrowTypeId.Int8);

    /// <summary>An int16 value.</summary>
    public short GetInt16(int row) => Read<short>(row, ArrowTypeId.Int16);

    /// <summary>An int32 value; also the raw value of date32, time32 and year-month interval columns.</summary>
    public int GetInt32(int row) => Read<int>(row, ArrowTypeId.Int32);

    /// <summary>An int64 value; also the raw value of date64, time64, timestamp and duration columns.</summary>
    public long GetInt64(int row) => Read<long>(row, ArrowTypeId.Int64);

    /// <summary>
    /// The value of an integer column of any width as a long (dictionary indices); a uint64 above
    /// <see cref="long.MaxValue"/> reads as -1.
    /// </summary>
    internal long GetInteger(int row) => Type.Id switch
    {
        ArrowTypeId.Int8 => GetInt8(row),
        ArrowTypeId.UInt8 => GetUInt8(row),
        ArrowTypeId.Int16 => GetInt16(row),
        ArrowTypeId.UInt16 => GetUInt16(row),
        ArrowTypeId.Int32 => GetInt32(row),
        ArrowTypeId.UInt32 => GetUInt32(row),
        ArrowTypeId.Int64 => GetInt64(row),
        _ => GetUInt64(row) is var value && value > long.MaxValue ? -1 : (long)value,
    };

    /// <summary>A uint8 value.</summary>
    public byte GetUInt8(int row) => Read<byte>(row, ArrowTypeId.UInt8);

    /// <summary>A uint16 value.</summary>
    public ushort GetUInt16(int row) => Read<ushort>(row, ArrowTypeId.UInt16);

    /// <summary>A uint32 value.</summary>
    public uint GetUInt32(int row) => Read<uint>(row, ArrowTypeId.UInt32);

    /// <summary>A uint64 value.</summary>
    public ulong GetUInt64(int row) => Read<ulong>(row, ArrowTypeId.UInt64);

    /// <summary>A float32 value.</summary>
    public float GetFloat(int row) => Read<float>(row, ArrowTypeId.Float32);

    /// <summary>A float64 value.</summary>
    public double GetDouble(int row) => Read<double>(row, ArrowTypeId.Float64);

    /// <summary>The unscaled 128-bit value of a decimal column; the scale is <see cref="ArrowType.Scale"/>.</summary>
    public Int128 GetUnscaledDecimal(int row) => Read<Int128>(row, ArrowTypeId.Decimal128);

    /// <summary>
    /// A decimal value as <see cref="decimal"/>. Throws <see cref="OverflowException"/> when it has more than the
    /// 96 bits of magnitude that <see cref="decimal"/> holds (possible above precision 28).
    /// </summary>
    public decimal GetDecimal(int row)
    {
        var unscaled = GetUnscaledDecimal(row);
        var negative = Int128.IsNegative(unscaled);
        var magnitude = (UInt128)(negative ? -unscaled : unscaled);
        if (magnitude >> 96 != 0)
        {
            throw new OverflowException(
                $"The decimal at row {row} ({unscaled} with scale {Type.Scale}) does not fit in System.Decimal; read its unscaled value instead.");
        }

        var low = (ulong)magnitude;
        return new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)(uint)(magnitude >> 64), negative, (byte)Type.Scale);
    }

    /// <summary>A month-day-nanosecond interval value.</summary>
    public ArrowMonthDayNano GetMonthDayNano(int row)
    {
        CheckIntervalUnit(ArrowIntervalUnit.MonthDayNano);
        var bytes = GetBytes(row);
        return new ArrowMonthDayNano(
            BinaryPrimitives.ReadInt32LittleEndian(bytes),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]));
    }

    /// <summary>A day-time interval value: days and milliseconds.</summary>
    public (int Days, int Milliseconds) GetDayTime(int row)
    {
        CheckIntervalUnit(ArrowIntervalUnit.DayTime);
        var bytes = GetBytes(row);
        return (BinaryPrimitives.ReadInt32LittleEndian(bytes), BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]));
    }

    private void CheckIntervalUnit(ArrowIntervalUnit unit)
    {
        if (Type.Id != ArrowTypeId.Interval || Type.IntervalUnit != unit)
        {
            throw WrongType($"{unit} intervals");
        }
    }
}
