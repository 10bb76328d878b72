using Handoff.Shared.Manifest;
using Handoff.Shared.Manifest.FromFiles;
using Handoff.Shared.Storage;

namespace Handoff.SparkJob.Job;

/// <summary>
/// Files that came without a manifest, as an export: their manifest is built in memory from the
/// files themselves (<see cref="ManifestFromFiles"/>), then the job checks, loads and validates
/// them exactly as it does a committed export. Nothing is written next to the files.
/// </summary>
public static class FilesExport
{
    public static async Task<ExportReference> OpenAsync(FileSelection selection, FilesExportSpec spec, StorageCredentials credentials, IProgress<FilesProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var folder = ObjectStoreFactory.Open(selection.Folder, credentials);
        ExportManifest manifest = await ManifestFromFiles.BuildAsync(folder, selection, spec, progress, cancellationToken);
        return new ExportReference(folder, manifest);
    }
}
