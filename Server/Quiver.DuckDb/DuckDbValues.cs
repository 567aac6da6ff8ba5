using System.Buffers.Binary;

namespace Quiver.DuckDb;

/// <summary>Conversions between DuckDB's storage formats and .NET values.</summary>
public static class DuckDbValues
{
    private static readonly DateOnly UnixEpochDate = DateOnly.FromDateTime(DateTime.UnixEpoch);

    /// <summary>DATE storage: days since 1970-01-01.</summary>
    public static int ToDays(DateOnly date) => date.DayNumber - UnixEpochDate.DayNumber;

    /// <summary>A DATE's days since 1970-01-01 as a <see cref="DateOnly"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is outside 0001-01-01..9999-12-31 (or is ±infinity).</exception>
    public static DateOnly FromDays(int days) => DateOnly.FromDayNumber(checked(UnixEpochDate.DayNumber + days));

    /// <summary>TIMESTAMP storage: microseconds since 1970-01-01 (ticks finer than a microsecond are truncated).</summary>
    public static long ToUnixMicros(DateTime value) => (value.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>A TIMESTAMP's microseconds since 1970-01-01 as a <see cref="DateTime"/> of the given kind.</summary>
    public static DateTime FromUnixMicros(long micros, DateTimeKind kind = DateTimeKind.Unspecified)
        => new(checked(DateTime.UnixEpoch.Ticks + micros * TimeSpan.TicksPerMicrosecond), kind);

    /// <summary>A TIME's microseconds since midnight as a <see cref="TimeOnly"/>.</summary>
    public static TimeOnly FromTimeMicros(long micros) => new(micros * TimeSpan.TicksPerMicrosecond);

    /// <summary>The unscaled integer and scale of a <see cref="decimal"/> (1.50m is 150 with scale 2).</summary>
    public static (Int128 Unscaled, byte Scale) ToUnscaled(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (byte)((bits[3] >> 16) & 0xFF);
        return (bits[3] < 0 ? -magnitude : magnitude, scale);
    }

    /// <summary>A DECIMAL's unscaled value and scale as a <see cref="decimal"/>.</summary>
    /// <exception cref="OverflowException">The value needs more than the 96 bits <see cref="decimal"/> has.</exception>
    public static decimal ToDecimal(Int128 unscaled, byte scale)
    {
        var negative = unscaled < 0;
        var magnitude = (UInt128)(negative ? -unscaled : unscaled);
        if (magnitude >> 96 != 0 || scale > 28)
        {
            throw new OverflowException($"The DECIMAL value {unscaled} (scale {scale}) does not fit System.Decimal.");
        }

        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, scale);
    }

    /// <summary>A UUID as DuckDB stores it (an int128 with its top bit flipped, so that it sorts) as a <see cref="Guid"/>.</summary>
    public static Guid ToGuid(Int128 stored)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)(stored >> 64) ^ 0x8000_0000_0000_0000UL);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], (ulong)stored);
        return new Guid(bytes, bigEndian: true);
    }
}
