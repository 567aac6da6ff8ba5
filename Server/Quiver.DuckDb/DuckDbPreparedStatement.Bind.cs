using System.Buffers;
using System.Text;
using Quiver.DuckDb.Native;

namespace Quiver.DuckDb;

public sealed partial class DuckDbPreparedStatement
{
    /// <summary>Binds SQL NULL to parameter <paramref name="parameter"/> (1-based).</summary>
    public void BindNull(int parameter) => Check(NativeMethods.Bind.Null(Native, CheckParameter(parameter)), parameter);

    /// <summary>Binds a BOOLEAN.</summary>
    public void Bind(int parameter, bool value) => Check(NativeMethods.Bind.Boolean(Native, CheckParameter(parameter), value), parameter);

    /// <summary>Binds a TINYINT.</summary>
    public void Bind(int parameter, sbyte value) => Check(NativeMethods.Bind.Int8(Native, CheckParameter(parameter), value), parameter);

    /// <summary>Binds a SMALLINT.</summary>
    public void Bind(int parameter, short value) => Check(NativeMethods.Bind.Int16(Native, CheckParameter(parameter), value), parameter);

    /// <summary>Binds an INTEGER.</summary>
    public void Bind(int parameter, int value) => Check(NativeMethods.Bind.Int32(Native, CheckParameter(parameter), value), parameter);

    /// <summary>Binds a BIGINT.</summary>
    public void Bind(int parameter, long value) => Check(NativeMethods.Bind.Int64(Native, CheckParameter(parameter), value), parameter);

    /// <summary>Binds a HUGEINT.</summary>
    public void Bind(int parameter, Int128 value)
        => Check(NativeMethods.Bind.HugeInt(Native, CheckParameter(parameter), ToNative(value)), parameter);

    /// <summary>Binds a UTINYINT.</summary>
    public void Bind(int parameter, byte value) => Check(NativeMethods.Bind.UInt8(Native, CheckParameter(parameter), value), parameter);

    /// <summary>Binds a USMALLINT.</summary>
    public void Bind(int parameter, ushort value) => Check(NativeMethods.Bind.UInt16(Native, CheckParameter(parameter), value), parameter);

    /// <summary>Binds a UINTEGER.</summary>
    public void Bind(int parameter, uint value) => Check(NativeMethods.Bind.UInt32(Native, CheckParameter(parameter), value), parameter);

    /// <summary>Binds a UBIGINT.</summary>
    public void Bind(int parameter, ulong value) => Check(NativeMethods.Bind.UInt64(Native, CheckParameter(parameter), value), parameter);

    /// <summary>Binds a UHUGEINT.</summary>
    public void Bind(int parameter, UInt128 value)
        => Check(NativeMethods.Bind.UHugeInt(Native, CheckParameter(parameter), new NativeUHugeInt { Lower = (ulong)value, Upper = (ulong)(value >> 64) }), parameter);

    /// <summary>Binds a FLOAT.</summary>
    public void Bind(int parameter, float value) => Check(NativeMethods.Bind.Float(Native, CheckParameter(parameter), value), parameter);

    /// <summary>Binds a DOUBLE.</summary>
    public void Bind(int parameter, double value) => Check(NativeMethods.Bind.Double(Native, CheckParameter(parameter), value), parameter);

    /// <summary>Binds a DECIMAL whose width is the value's digit count and whose scale is the value's scale.</summary>
    public void Bind(int parameter, decimal value)
    {
        var (unscaled, scale) = DuckDbValues.ToUnscaled(value);
        var native = new NativeDecimal
        {
            Width = (byte)Math.Max(DigitCount(unscaled), Math.Max((int)scale, 1)),
            Scale = scale,
            Value = ToNative(unscaled),
        };
        Check(NativeMethods.Bind.Decimal(Native, CheckParameter(parameter), native), parameter);
    }

    /// <summary>Binds a DATE.</summary>
    public void Bind(int parameter, DateOnly value)
        => Check(NativeMethods.Bind.Date(Native, CheckParameter(parameter), DuckDbValues.ToDays(value)), parameter);

    /// <summary>Binds a TIME (microsecond precision: finer ticks are truncated).</summary>
    public void Bind(int parameter, TimeOnly value)
        => Check(NativeMethods.Bind.Time(Native, CheckParameter(parameter), value.Ticks / TimeSpan.TicksPerMicrosecond), parameter);

    /// <summary>Binds a TIMESTAMP from the value's wall-clock time; <see cref="DateTime.Kind"/> is not interpreted here.</summary>
    public void Bind(int parameter, DateTime value)
        => Check(NativeMethods.Bind.Timestamp(Native, CheckParameter(parameter), DuckDbValues.ToUnixMicros(value)), parameter);

    /// <summary>Binds a TIMESTAMP WITH TIME ZONE for the value's instant.</summary>
    public void Bind(int parameter, DateTimeOffset value)
        => Check(NativeMethods.Bind.TimestampTz(Native, CheckParameter(parameter), DuckDbValues.ToUnixMicros(value.UtcDateTime)), parameter);

    /// <summary>Binds an INTERVAL.</summary>
    public void Bind(int parameter, DuckDbInterval value)
        => Check(NativeMethods.Bind.Interval(Native, CheckParameter(parameter), value), parameter);

    /// <summary>Binds a UUID.</summary>
    public void Bind(int parameter, Guid value)
    {
        using var uuid = DuckDbValue.Of(value);
        Bind(parameter, uuid);
    }

    /// <summary>Binds a value built natively (a LIST, for one); the statement keeps a copy.</summary>
    public void Bind(int parameter, DuckDbValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var index = CheckParameter(parameter);
        var added = false;
        value.Handle.DangerousAddRef(ref added);
        try
        {
            Check(NativeMethods.Bind.Value(Native, index, value.Handle.DangerousGetHandle()), parameter);
        }
        finally
        {
            value.Handle.DangerousRelease();
        }
    }

    /// <summary>Binds a VARCHAR.</summary>
    public void Bind(int parameter, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var index = CheckParameter(parameter);
        var length = Encoding.UTF8.GetByteCount(value);
        var rented = length <= 512 ? null : ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> utf8 = rented ?? stackalloc byte[512];
            Encoding.UTF8.GetBytes(value, utf8);
            BindVarchar(index, utf8[..length], parameter);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Binds a VARCHAR given as UTF-8 bytes.</summary>
    public void BindUtf8(int parameter, ReadOnlySpan<byte> utf8) => BindVarchar(CheckParameter(parameter), utf8, parameter);

    /// <summary>Binds a BLOB.</summary>
    public unsafe void BindBlob(int parameter, ReadOnlySpan<byte> value)
    {
        var index = CheckParameter(parameter);
        fixed (byte* data = value)
        {
            Check(NativeMethods.Bind.Blob(Native, index, data, (ulong)value.Length), parameter);
        }
    }

    private unsafe void BindVarchar(ulong index, ReadOnlySpan<byte> utf8, int parameter)
    {
        fixed (byte* data = utf8)
        {
            Check(NativeMethods.Bind.Varchar(Native, index, data, (ulong)utf8.Length), parameter);
        }
    }

    private static int DigitCount(Int128 value)
    {
        var magnitude = (UInt128)(value < 0 ? -value : value);
        var digits = 1;
        while (magnitude >= 10)
        {
            magnitude /= 10;
            digits++;
        }

        return digits;
    }

    private static NativeHugeInt ToNative(Int128 value) => new() { Lower = (ulong)value, Upper = (long)(value >> 64) };

    // DuckDB reports a failed bind without a message; a value that cannot be converted to the parameter's type is
    // the only cause left once the index is checked.
    private void Check(int state, int parameter)
    {
        if (state != NativeMethods.Success)
        {
            throw new DuckDbException(
                DuckDbErrorType.InvalidInput,
                $"DuckDB could not bind parameter ${parameter}: the value does not convert to {GetParameterType(parameter)}.");
        }
    }
}
