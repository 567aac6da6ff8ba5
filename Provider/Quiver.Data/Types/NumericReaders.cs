using System.Data.SqlTypes;
using System.Numerics;
using Quiver.Arrow;

namespace Quiver.Data.Types;

internal sealed class BooleanReader(string name, TypeMapping mapping) : ColumnReader(name, mapping, mapping.SqlName)
{
    private BooleanArray _values = null!;

    public override void Bind(ArrowArray array)
    {
        base.Bind(array);
        _values = (BooleanArray)array;
    }

    public override bool GetBoolean(int row) => _values.GetBoolean(row);

    public override object GetValue(int row) => _values.GetBoolean(row);
}

/// <summary>Any Arrow integer column; reads as every integer type the value fits, and as decimal or floating point.</summary>
internal sealed class IntegerReader<TInt>(string name, TypeMapping mapping) : ColumnReader(name, mapping, mapping.SqlName)
    where TInt : unmanaged, IBinaryInteger<TInt>
{
    private PrimitiveArray _values = null!;

    public override void Bind(ArrowArray array)
    {
        base.Bind(array);
        _values = (PrimitiveArray)array;
    }

    public override sbyte GetSByte(int row) => Narrow<sbyte>(row);

    public override byte GetByte(int row) => Narrow<byte>(row);

    public override short GetInt16(int row) => Narrow<short>(row);

    public override ushort GetUInt16(int row) => Narrow<ushort>(row);

    public override int GetInt32(int row) => Narrow<int>(row);

    public override uint GetUInt32(int row) => Narrow<uint>(row);

    public override long GetInt64(int row) => Narrow<long>(row);

    public override ulong GetUInt64(int row) => Narrow<ulong>(row);

    public override float GetFloat(int row) => ToSingle(float.CreateTruncating(_values.GetValue<TInt>(row)), row);

    public override double GetDouble(int row) => double.CreateTruncating(_values.GetValue<TInt>(row));

    public override decimal GetDecimal(int row) => decimal.CreateChecked(_values.GetValue<TInt>(row));

    // Only UHUGEINT's top values exceed float's range; rounding to the nearest float is the widening every getter allows.
    private float ToSingle(float value, int row) => float.IsFinite(value) ? value : throw DoesNotFit(typeof(float), _values.GetValue<TInt>(row));

    public override BigInteger GetBigInteger(int row) => BigInteger.CreateChecked(_values.GetValue<TInt>(row));

    public override object GetValue(int row) => _values.GetValue<TInt>(row);

    private TTarget Narrow<TTarget>(int row)
        where TTarget : IBinaryInteger<TTarget>
    {
        var value = _values.GetValue<TInt>(row);
        if (typeof(TTarget) == typeof(TInt))
        {
            return System.Runtime.CompilerServices.Unsafe.As<TInt, TTarget>(ref value);
        }

        try
        {
            return TTarget.CreateChecked(value);
        }
        catch (OverflowException error)
        {
            throw DoesNotFit(typeof(TTarget), value, error);
        }
    }
}

internal sealed class FloatReader<TFloat>(string name, TypeMapping mapping) : ColumnReader(name, mapping, mapping.SqlName)
    where TFloat : unmanaged, IFloatingPoint<TFloat>
{
    private PrimitiveArray _values = null!;

    public override void Bind(ArrowArray array)
    {
        base.Bind(array);
        _values = (PrimitiveArray)array;
    }

    /// <summary>Rounds to the nearest float; a finite value beyond float's range is an error, never a silent infinity.</summary>
    public override float GetFloat(int row)
    {
        var value = _values.GetValue<TFloat>(row);
        var single = float.CreateTruncating(value);
        return float.IsInfinity(single) && TFloat.IsFinite(value) ? throw DoesNotFit(typeof(float), value) : single;
    }

    public override double GetDouble(int row) => double.CreateTruncating(_values.GetValue<TFloat>(row));

    public override object GetValue(int row) => _values.GetValue<TFloat>(row);
}

/// <summary>DECIMAL(p, s) as Arrow decimal128.</summary>
internal sealed class DecimalReader(string name, TypeMapping mapping, int precision, int scale)
    : ColumnReader(name, mapping, $"DECIMAL({precision},{scale})")
{
    private PrimitiveArray _values = null!;

    public int Precision => precision;

    public int Scale => scale;

    public override void Bind(ArrowArray array)
    {
        base.Bind(array);
        _values = (PrimitiveArray)array;
    }

    public override decimal GetDecimal(int row)
    {
        try
        {
            return _values.GetDecimal(row);
        }
        catch (OverflowException error)
        {
            throw new InvalidCastException(
                $"Column '{Name}' ({DataTypeName}) holds {GetString(row)}, which does not fit System.Decimal; read it as SqlDecimal, BigInteger or string.", error);
        }
    }

    public override double GetDouble(int row) => (double)GetUnscaled(row) / Math.Pow(10, scale);

    // Like GetDouble, rounded to the nearest float; 38 digits stay inside float's range.
    public override float GetFloat(int row) => (float)GetDouble(row);

    public override BigInteger GetBigInteger(int row)
        => scale == 0 ? GetUnscaled(row) : throw new InvalidCastException($"Column '{Name}' is {DataTypeName}, which has a scale; only DECIMAL(p,0) reads as BigInteger.");

    public override SqlDecimal GetSqlDecimal(int row)
    {
        var unscaled = _values.GetUnscaledDecimal(row);
        var negative = Int128.IsNegative(unscaled);
        var magnitude = (UInt128)(negative ? -unscaled : unscaled);
        var bits = new int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = (int)(uint)(magnitude >> (32 * i));
        }

        // SqlDecimal holds 38 digits; precision 38 is the most DuckDB and Arrow decimal128 carry.
        return new SqlDecimal((byte)Math.Max(precision, 1), (byte)scale, !negative, bits);
    }

    public override string GetString(int row)
    {
        var unscaled = GetUnscaled(row);
        if (scale == 0)
        {
            return unscaled.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var digits = BigInteger.Abs(unscaled).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var text = digits[..^scale] + "." + digits[^scale..];
        return unscaled.Sign < 0 ? "-" + text : text;
    }

    public override object GetValue(int row) => GetDecimal(row);

    private BigInteger GetUnscaled(int row) => _values.GetUnscaledDecimal(row);
}
