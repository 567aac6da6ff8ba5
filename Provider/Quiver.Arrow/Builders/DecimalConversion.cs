namespace Quiver.Arrow;

/// <summary>Conversions between <see cref="decimal"/> and decimal128 unscaled values.</summary>
internal static class DecimalConversion
{
    public static Int128 ToUnscaled(decimal value, int precision, int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var valueScale = (bits[3] >> 16) & 0xFF;
        var magnitude = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        for (; valueScale < scale; valueScale++)
        {
            if (magnitude > Int128.MaxValue / 10)
            {
                throw new OverflowException($"{value} does not fit decimal({precision}, {scale}).");
            }

            magnitude *= 10;
        }

        for (; valueScale > scale; valueScale--)
        {
            if (magnitude % 10 != 0)
            {
                throw new OverflowException($"{value} has more than {scale} decimal places.");
            }

            magnitude /= 10;
        }

        if (magnitude >= Pow10(precision))
        {
            throw new OverflowException($"{value} does not fit decimal({precision}, {scale}).");
        }

        return bits[3] < 0 ? -magnitude : magnitude;
    }

    private static Int128 Pow10(int exponent)
    {
        Int128 result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
