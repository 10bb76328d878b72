namespace Handoff.Exporter.Sources.Values;

/// <summary>Fits a decimal read from a source to the precision and scale its column declares.</summary>
internal static class DecimalValues
{
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

    private static readonly decimal[] PowersOfTen = Enumerable.Range(0, 29).Select(e => Enumerable.Repeat(10m, e).Aggregate(1m, (a, b) => a * b)).ToArray();

    private static decimal Pow10(int exponent) => PowersOfTen[exponent];
}
