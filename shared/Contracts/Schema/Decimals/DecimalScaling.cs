namespace Handoff.Shared.Schema.Decimals;

/// <summary>
/// Converts between <see cref="decimal"/> and the unscaled integer of a decimal(p,s) column
/// (value × 10^s), the form Avro and Parquet store. A value that needs more than s decimal
/// places or more than p digits does not fit; nothing is rounded.
/// </summary>
internal static class DecimalScaling
{
    private static readonly UInt128[] PowersOfTen = BuildPowersOfTen();

    private static readonly UInt128 MaxMantissa = (UInt128.One << 96) - 1;

    public static UInt128 PowerOfTen(int exponent) => PowersOfTen[exponent];

    /// <summary>The unscaled value at <paramref name="scale"/>; false if it does not fit decimal(precision, scale).</summary>
    public static bool TryGetUnscaled(decimal value, int precision, int scale, out Int128 unscaled)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var valueScale = (bits[3] >> 16) & 0xFF;
        if (valueScale > scale)
        {
            var (quotient, remainder) = UInt128.DivRem(mantissa, PowersOfTen[valueScale - scale]);
            if (remainder != UInt128.Zero)
            {
                unscaled = default;
                return false;
            }

            mantissa = quotient;
        }
        else if (valueScale < scale && mantissa != UInt128.Zero)
        {
            var factor = PowersOfTen[scale - valueScale];
            if (mantissa > UInt128.MaxValue / factor)
            {
                unscaled = default;
                return false;
            }

            mantissa *= factor;
        }

        if (mantissa >= PowersOfTen[precision])
        {
            unscaled = default;
            return false;
        }

        unscaled = bits[3] < 0 ? -(Int128)mantissa : (Int128)mantissa;
        return true;
    }

    /// <summary>
    /// The decimal magnitude / 10^scale, at that scale where .NET can hold it (scale ≤ 28,
    /// mantissa below 2^96), else with trailing zeros dropped; false when it cannot be held exactly.
    /// </summary>
    public static bool TryCreate(UInt128 magnitude, bool negative, int scale, out decimal value)
    {
        while (scale > 28 || magnitude > MaxMantissa)
        {
            if (scale == 0)
            {
                value = default;
                return false;
            }

            var (quotient, remainder) = UInt128.DivRem(magnitude, 10);
            if (remainder != UInt128.Zero)
            {
                value = default;
                return false;
            }

            magnitude = quotient;
            scale--;
        }

        var lo = (int)(uint)magnitude;
        var mid = (int)(uint)(magnitude >> 32);
        var hi = (int)(uint)(magnitude >> 64);
        value = new decimal(lo, mid, hi, negative, (byte)scale);
        return true;
    }

    private static UInt128[] BuildPowersOfTen()
    {
        var powers = new UInt128[39];
        powers[0] = UInt128.One;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
