namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>The Python launcher (spark-job/launcher/handoff_launcher.py), embedded in the exporter so the bundle is the same wherever it is built.</summary>
public static class LauncherScript
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
}
