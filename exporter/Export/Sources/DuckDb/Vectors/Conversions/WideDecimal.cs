using System.Globalization;

namespace Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;

/// <summary>
/// A DECIMAL of width 19 to 38, stored as a 128-bit unscaled integer. Up to 28 digits always fit
/// a .NET decimal. From a wider column, a value whose digits (trailing fractional zeros dropped)
/// number more than 27, the most a .NET decimal always holds exactly, is refused rather than risked.
/// </summary>
internal readonly struct WideDecimal : IVectorConversion<Int128, decimal>
{
    private const int SafeDigits = 27;
    private const int ExactPrecision = 28;

    private static readonly UInt128 SafeMantissaLimit = UInt128.Parse("1" + new string('0', SafeDigits), CultureInfo.InvariantCulture);
    private static readonly UInt128 DecimalMantissaLimit = UInt128.One << 96;

    private readonly byte _scale;
    private readonly UInt128 _mantissaLimit;

    public WideDecimal(byte precision, byte scale)
    {
        _scale = scale;
        _mantissaLimit = precision > ExactPrecision ? SafeMantissaLimit : DecimalMantissaLimit;
    }

    public bool TryConvert(Int128 value, out decimal result)
    {
        var magnitude = Int128.IsNegative(value) ? (UInt128)(-value) : (UInt128)value;
        var scale = _scale;
        while (magnitude >= _mantissaLimit && scale > 0 && magnitude % 10 == UInt128.Zero)
        {
            magnitude /= 10;
            scale--;
        }

        if (magnitude >= _mantissaLimit)
        {
            result = default;
            return false;
        }

        result = new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), Int128.IsNegative(value), scale);
        return true;
    }

    public string Explain(Int128 value) =>
        $"the value {Format(value, _scale)} has more than {SafeDigits} significant digits, more than the exporter carries exactly; CAST it to DOUBLE or VARCHAR in the query";

    /// <summary>The exact decimal text of an unscaled value, e.g. -5 at scale 3 is "-0.005".</summary>
    private static string Format(Int128 unscaled, int scale)
    {
        var digits = (Int128.IsNegative(unscaled) ? (UInt128)(-unscaled) : (UInt128)unscaled).ToString(CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            digits = digits.PadLeft(scale + 1, '0');
            digits = digits[..^scale] + "." + digits[^scale..];
        }

        return Int128.IsNegative(unscaled) ? "-" + digits : digits;
    }
}
