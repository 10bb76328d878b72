using Handoff.Shared.Databricks;
using Handoff.Shared.Databricks.Errors;
using Handoff.Shared.Progress;

namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>What an upload did.</summary>
public sealed record BundleUploadResult(RemoteBundle Remote, bool Skipped, long BytesUploaded);

/// <summary>
/// Uploads a bundle to its content-hashed folder: nothing when the folder's marker is already
/// there; otherwise the files, streamed from disk, then the marker last, so a half-uploaded
/// folder is never taken for a complete one. Files are overwritten, which makes every call safe
/// to retry. Volumes take files through the Files API; workspace folders through
/// workspace-files/import-file.
/// </summary>
public sealed class BundleUploader(DatabricksClient client)
{
    /// <param name="progress">Given a file, where to report the bytes of it sent so far (null: nowhere).</param>
    public async Task<BundleUploadResult> UploadAsync(
        LocalBundle bundle, RemoteBundle remote, TextWriter log, CancellationToken cancellationToken, Func<BundleFile, IProgress<long>?>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(remote);
        var kind = remote.Location.Kind;
        if (await ExistsAsync(kind, remote.ApiPath(LocalBundle.MarkerName), cancellationToken))
        {
            await log.WriteLineAsync($"bundle {bundle.Hash} is already at {remote.RuntimeFolder}; not uploading");
            return new BundleUploadResult(remote, Skipped: true, 0);
        }

        await log.WriteLineAsync(
            $"uploading bundle {bundle.Hash} ({Units.Bytes(bundle.TotalBytes)}: spark-job {Units.Bytes(bundle.BinaryBytes)} compressed to {Units.Bytes(bundle.Archive.Size)}) to {remote.RuntimeFolder}");
        var marker = bundle.Marker();
        try
        {
            await EnsureFolderAsync(kind, remote.ApiFolder, cancellationToken);
            foreach (var file in bundle.Files)
            {
                var shown = progress?.Invoke(file);
                try
                {
                    await UploadAsync(kind, remote.ApiPath(file.Name), file.Open, file.Size, shown, cancellationToken);
                }
                finally
                {
                    (shown as IDisposable)?.Dispose();
                }
            }

            await UploadAsync(kind, remote.ApiPath(LocalBundle.MarkerName), () => new MemoryStream(marker, writable: false), marker.Length, null, cancellationToken);
        }
        catch (DatabricksRequestException error) when (error.Status is 404 && kind == BundleStoreKind.Volume)
        {
            throw new BundleException($"cannot upload the bundle to {remote.RuntimeFolder}: {error.ApiMessage} (does the volume {remote.Location.ApiRoot} exist, and may you write to it?)", error);
        }
        catch (DatabricksRequestException error) when (error.IsClientError && error.Status is not (401 or 403) && kind == BundleStoreKind.Workspace)
        {
            throw new BundleException(
                $"cannot write the bundle to workspace files at {remote.RuntimeFolder}: {error.Message}. Workspace files suit small files; put the bundle in a Unity Catalog volume instead (a bundle path /Volumes/<catalog>/<schema>/<volume>/handoff).",
                error);
        }

        return new BundleUploadResult(remote, Skipped: false, bundle.TotalBytes + marker.Length);
    }

    private async Task<bool> ExistsAsync(BundleStoreKind kind, string path, CancellationToken cancellationToken) => kind == BundleStoreKind.Volume
        ? await client.Files.GetMetadataAsync(path, cancellationToken) is not null
        : await client.Workspace.GetStatusAsync(path, cancellationToken) is not null;

    private Task EnsureFolderAsync(BundleStoreKind kind, string path, CancellationToken cancellationToken) => kind == BundleStoreKind.Volume
        ? client.Files.CreateDirectoryAsync(path, cancellationToken)
        : client.Workspace.MkdirsAsync(path, cancellationToken);

    private Task UploadAsync(BundleStoreKind kind, string path, Func<Stream> open, long length, IProgress<long>? progress, CancellationToken cancellationToken) => kind == BundleStoreKind.Volume
        ? client.Files.UploadAsync(path, open, length, overwrite: true, cancellationToken, progress)
        : client.Workspace.ImportFileAsync(path, open, length, overwrite: true, cancellationToken, progress);
}
