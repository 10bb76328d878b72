using Handoff.Shared.Manifest;
using Handoff.Shared.Exports.FromFiles;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Engines;

namespace Handoff.SparkJob.Job;

/// <summary>
/// Files that came without a manifest, as an export: their manifest is built in memory from the
/// files themselves (<see cref="ManifestFromFiles"/>), then the job checks, loads and validates
/// them exactly as it does a committed export. Nothing is written next to the files. The
/// checksums were just computed from the files' bytes, so the pre-load check does not hash an
/// unchanged file again (<see cref="ExportReference.HashedThisRun"/>).
/// </summary>
public static class FilesExport
{
    public static Task<ExportReference> OpenAsync(FileSelection selection, FilesExportSpec spec, StorageCredentials credentials, IProgress<FilesProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return OpenAsync(ObjectStoreFactory.Open(selection.Folder, credentials), selection, spec, progress, cancellationToken);
    }

    /// <summary>As above, over the selection's folder already opened.</summary>
    public static async Task<ExportReference> OpenAsync(IObjectStore folder, FileSelection selection, FilesExportSpec spec, IProgress<FilesProgress>? progress, CancellationToken cancellationToken)
    {
        var built = await ManifestFromFiles.ReadAsync(folder, selection, spec, progress, cancellationToken);
        return new ExportReference(folder, built.Manifest) { HashedThisRun = built.HashedFiles.ToDictionary(f => f.Path, StringComparer.Ordinal) };
    }
}
