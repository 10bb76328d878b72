using System.Globalization;
using System.Text.Json;

namespace Handoff.Tests.Support;

/// <summary>Reads a load's JSON output.</summary>
internal static class LoadOutput
{
    /// <summary>The rows the table holds after the load, as the "row count" check found them.</summary>
    public static long LoadedRows(this JsonElement json)
    {
        var check = json.GetProperty("report").GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "row count");
        var actual = check.GetProperty("actual").GetString()!;
        return long.Parse(actual.Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
