using System.Globalization;

namespace Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;

/// <summary>HUGEINT as decimal(38,0): a value beyond a .NET decimal (about 7.9e28) fails rather than rounds.</summary>
internal readonly struct HugeIntDecimal : IVectorConversion<Int128, decimal>
{
    private static readonly Int128 Max = (Int128)decimal.MaxValue;

    public bool TryConvert(Int128 value, out decimal result)
    {
        if (value > Max || value < -Max)
        {
            result = default;
            return false;
        }

        result = (decimal)value;
        return true;
    }

    public string Explain(Int128 value) =>
        string.Create(CultureInfo.InvariantCulture, $"the value {value} is beyond ±{decimal.MaxValue}, more than the exporter carries exactly; CAST it to DOUBLE or VARCHAR in the query");
}
