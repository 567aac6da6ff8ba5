using System.Runtime.CompilerServices;
using Quiver.Arrow;
using Quiver.DuckDb;

namespace Quiver.Server.Results;

/// <summary>Values whose DuckDB storage is exactly Arrow's: copied in bulk with the validity bits.</summary>
internal sealed class FixedCopier<T>(ArrowField field) : ColumnCopier(field)
    where T : unmanaged
{
    public override void Append(DuckDbVector vector, int start, int count, ArrowArrayBuilder builder)
        => ((PrimitiveArrayBuilder)builder).AppendRange(vector.GetValues<T>().Slice(start, count), Words(vector.Validity), start);

    public override long Measure(DuckDbVector vector, int start, int count) => ((long)count * Unsafe.SizeOf<T>()) + (count / 8) + 1;
}

/// <summary>Values converted one by one into Arrow's representation (decimals widened, intervals, UUIDs).</summary>
internal sealed class ConvertingCopier<TFrom, TTo>(ArrowField field, Func<TFrom, TTo> convert) : ColumnCopier(field)
    where TFrom : unmanaged
    where TTo : unmanaged
{
    public override void Append(DuckDbVector vector, int start, int count, ArrowArrayBuilder builder)
    {
        var target = (PrimitiveArrayBuilder)builder;
        var values = vector.GetValues<TFrom>();
        var validity = vector.Validity;
        for (var row = start; row < start + count; row++)
        {
            if (validity.IsValid(row))
            {
                target.Append(convert(values[row]));
            }
            else
            {
                target.AppendNull();
            }
        }
    }

    public override long Measure(DuckDbVector vector, int start, int count) => ((long)count * Unsafe.SizeOf<TTo>()) + (count / 8) + 1;
}

/// <summary>DuckDB keeps a byte per BOOLEAN; Arrow a bit.</summary>
internal sealed class BooleanCopier(ArrowField field) : ColumnCopier(field)
{
    public override void Append(DuckDbVector vector, int start, int count, ArrowArrayBuilder builder)
    {
        var target = (BooleanArrayBuilder)builder;
        var values = vector.GetValues<byte>();
        var validity = vector.Validity;
        for (var row = start; row < start + count; row++)
        {
            if (validity.IsValid(row))
            {
                target.Append(values[row] != 0);
            }
            else
            {
                target.AppendNull();
            }
        }
    }

    public override long Measure(DuckDbVector vector, int start, int count) => (count / 4) + 2;
}

/// <summary>VARCHAR and BLOB: the bytes, copied straight from DuckDB's string entries.</summary>
internal sealed class BytesCopier(ArrowField field) : ColumnCopier(field)
{
    public override void Append(DuckDbVector vector, int start, int count, ArrowArrayBuilder builder)
    {
        var target = (BinaryArrayBuilder)builder;
        var validity = vector.Validity;
        for (var row = start; row < start + count; row++)
        {
            if (validity.IsValid(row))
            {
                target.Append(vector.GetBytes(row));
            }
            else
            {
                target.AppendNull();
            }
        }
    }

    public override long Measure(DuckDbVector vector, int start, int count)
    {
        long bytes = (count * 4L) + (count / 8) + 8;
        var validity = vector.Validity;
        for (var row = start; row < start + count; row++)
        {
            if (validity.IsValid(row))
            {
                bytes += vector.GetBytes(row).Length;
            }
        }

        return bytes;
    }
}

/// <summary>Types Arrow has no equivalent for (UHUGEINT, TIME WITH TIME ZONE), sent as their text.</summary>
internal sealed class TextCopier(ArrowField field, Func<DuckDbVector, int, string> format) : ColumnCopier(field)
{
    private const int LongestText = 48;

    public override void Append(DuckDbVector vector, int start, int count, ArrowArrayBuilder builder)
    {
        var target = (BinaryArrayBuilder)builder;
        var validity = vector.Validity;
        for (var row = start; row < start + count; row++)
        {
            if (validity.IsValid(row))
            {
                target.Append(format(vector, row));
            }
            else
            {
                target.AppendNull();
            }
        }
    }

    public override long Measure(DuckDbVector vector, int start, int count) => (long)count * (LongestText + 4);
}

/// <summary>A column of the NULL type.</summary>
internal sealed class NullCopier(ArrowField field) : ColumnCopier(field)
{
    public override void Append(DuckDbVector vector, int start, int count, ArrowArrayBuilder builder)
    {
        for (var i = 0; i < count; i++)
        {
            builder.AppendNull();
        }
    }

    public override long Measure(DuckDbVector vector, int start, int count) => 0;
}

/// <summary>DECIMAL(w, s) is stored in 16, 32, 64 or 128 bits by width; Arrow's decimal128 always in 128.</summary>
internal static class DecimalCopiers
{
    public static ColumnCopier For(string name, DuckDbLogicalType type)
    {
        var field = new ArrowField(name, ArrowType.Decimal128(type.DecimalWidth, type.DecimalScale));
        return type.StorageType switch
        {
            DuckDbType.SmallInt => new ConvertingCopier<short, Int128>(field, v => v),
            DuckDbType.Integer => new ConvertingCopier<int, Int128>(field, v => v),
            DuckDbType.BigInt => new ConvertingCopier<long, Int128>(field, v => v),
            _ => new FixedCopier<Int128>(field),
        };
    }
}

/// <summary>TIME WITH TIME ZONE: 40 bits of microseconds, then 24 bits of offset, stored so that it sorts.</summary>
internal static class TimeWithZone
{
    private const int MaxOffsetSeconds = (16 * 60 * 60) - 1;

    public static string Format(ulong bits)
    {
        var micros = (long)(bits >> 24);
        var offsetSeconds = MaxOffsetSeconds - (int)(bits & 0xFFFFFF);
        var time = new TimeOnly(micros * TimeSpan.TicksPerMicrosecond);
        var offset = TimeSpan.FromSeconds(offsetSeconds);
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{time:HH:mm:ss.ffffff}{sign}{offset.Duration():hh\\:mm\\:ss}");
    }
}
