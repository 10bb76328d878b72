using System.Globalization;
using System.Security.Cryptography;

namespace Handoff.Exporter.Export;

/// <summary>Export ids are folder names: the default one sorts by time and is unique per run.</summary>
public static class ExportIds
{
    public static string NewDefault(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"export-{now.UtcDateTime:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");
}
