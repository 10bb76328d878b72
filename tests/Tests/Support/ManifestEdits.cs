using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;

namespace Handoff.Tests.Support;

/// <summary>Tampering with a committed manifest on disk, to see how the job reacts to a lie.</summary>
public static class ManifestEdits
{
    public static async Task RewriteAsync(string manifestPath, Func<ExportManifest, ExportManifest> edit)
    {
        var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(manifestPath));
        await File.WriteAllBytesAsync(manifestPath, ManifestJson.Serialize(edit(manifest)));
    }

    public static async Task RewriteTextAsync(string manifestPath, Func<string, string> edit) =>
        await File.WriteAllTextAsync(manifestPath, edit(await File.ReadAllTextAsync(manifestPath)));

    public static ExportManifest MarkAllColumnsNotNullable(this ExportManifest manifest) =>
        manifest with { Schema = new TableSchema(manifest.Schema.Select(c => c with { Nullable = false })) };
}
