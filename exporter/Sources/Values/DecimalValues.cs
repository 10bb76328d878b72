namespace Handoff.Exporter.Sources.Values;

/// <summary>Checks that a decimal read from a source is exactly the value the column declares.</summary>
internal static class DecimalValues
{
    /// <summary>The number of significant digits a .NET decimal always holds exactly.</summary>
    private const int SafeDigits = 27;

    private static readonly UInt128 SafeMantissaLimit = UInt128.Parse("1" + new string('0', SafeDigits), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Rounds half to even to <paramref name="scale"/> places and checks the integer part fits
    /// <paramref name="precision"/> - <paramref name="scale"/> digits.
    /// </summary>
    /// <exception cref="OverflowException">the value has too many integer digits.</exception>
    public static decimal FitTo(decimal value, int precision, int scale)
    {
        var rounded = decimal.Round(value, scale, MidpointRounding.ToEven);
        var integerDigits = precision - scale;
        if (integerDigits < 29 && decimal.Abs(rounded) >= Pow10(integerDigits))
        {
            throw new OverflowException($"the value {value} has more than {integerDigits} digits before the decimal point, which decimal({precision},{scale}) cannot hold");
        }

        return rounded;
    }

    /// <summary>
    /// A value read through a 96-bit .NET decimal from a wider source (DuckDB's 128-bit DECIMAL) is
    /// rounded to 28-29 significant digits without notice. Rounding always leaves a mantissa of at
    /// least 28 digits, so a mantissa of at most <see cref="SafeDigits"/> digits proves the value
    /// exact; anything longer is refused rather than risked.
    /// </summary>
    /// <exception cref="OverflowException">the value may have lost digits.</exception>
    public static decimal RequireExact(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        if (mantissa >= SafeMantissaLimit)
        {
            throw new OverflowException($"the value {value} has more than {SafeDigits} significant digits, more than the exporter carries exactly; CAST it to DOUBLE or VARCHAR in the query");
        }

        return value;
    }

    private static readonly decimal[] PowersOfTen = Enumerable.Range(0, 29).Select(e => Enumerable.Repeat(10m, e).Aggregate(1m, (a, b) => a * b)).ToArray();

    private static decimal Pow10(int exponent) => PowersOfTen[exponent];
}
