using System.Text;
using System.Text.RegularExpressions;

namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>The Python launcher (spark-job/launcher/handoff_launcher.py), embedded in the exporter so the bundle is the same wherever it is built.</summary>
public static partial class LauncherScript
{
    public const string FileName = "handoff_launcher.py";
    private const string ResourceName = "handoff_launcher.py";

    public static byte[] Bytes { get; } = Load();

    private static byte[] Load()
    {
        using var stream = typeof(LauncherScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the exporter");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// A module-level string constant of the launcher (<c>NAME = "value"</c>, plain ASCII, no
    /// escapes): the launcher is the one home of what it prints, so what the exporter looks for is
    /// read from the very script the bundle ships.
    /// </summary>
    public static string StringConstant(string name)
    {
        foreach (Match match in ConstantPattern().Matches(Encoding.UTF8.GetString(Bytes)))
        {
            if (match.Groups["name"].Value == name)
            {
                return match.Groups["value"].Value;
            }
        }

        throw new InvalidOperationException($"the embedded {FileName} defines no string constant {name} = \"...\"");
    }

    [GeneratedRegex(@"^(?<name>[A-Z_]+) = ""(?<value>[^""\\\r\n]*)""\r?$", RegexOptions.Multiline)]
    private static partial Regex ConstantPattern();
}
