using Handoff.Shared.Databricks;
using Handoff.Shared.Databricks.Errors;
using Handoff.Shared.Cli;

namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>What an upload did.</summary>
public sealed record BundleUploadResult(RemoteBundle Remote, bool Skipped, long BytesUploaded);

/// <summary>
/// Uploads a bundle to its content-hashed folder: nothing when the folder's marker is already
/// there; otherwise the files, then the marker last, so a half-uploaded folder is never taken
/// for a complete one. Files are overwritten, which makes every call safe to retry.
/// </summary>
public sealed class BundleUploader(DatabricksClient client)
{
    public async Task<BundleUploadResult> UploadAsync(LocalBundle bundle, RemoteBundle remote, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(remote);
        var kind = remote.Location.Kind;
        if (await ExistsAsync(kind, remote.ApiPath(LocalBundle.MarkerName), cancellationToken))
        {
            await progress.WriteLineAsync($"bundle {bundle.Hash} is already at {remote.RuntimeFolder}; not uploading");
            return new BundleUploadResult(remote, Skipped: true, 0);
        }

        await progress.WriteLineAsync($"uploading bundle {bundle.Hash} ({Units.Bytes(bundle.TotalBytes)}) to {remote.RuntimeFolder}");
        try
        {
            await EnsureFolderAsync(kind, remote.ApiFolder, cancellationToken);
            foreach (var file in bundle.Files)
            {
                await UploadAsync(kind, remote.ApiPath(file.Name), file.Open, file.Size, cancellationToken);
            }

            var marker = bundle.Marker();
            await UploadAsync(kind, remote.ApiPath(LocalBundle.MarkerName), () => new MemoryStream(marker, writable: false), marker.Length, cancellationToken);
        }
        catch (DatabricksRequestException error) when (error.Status is 404 && kind == BundleStoreKind.Volume)
        {
            throw new BundleException($"cannot upload the bundle to {remote.RuntimeFolder}: {error.ApiMessage} (does the volume {remote.Location.ApiRoot} exist, and may you write to it?)", error);
        }

        return new BundleUploadResult(remote, Skipped: false, bundle.TotalBytes + bundle.Marker().Length);
    }

    private async Task<bool> ExistsAsync(BundleStoreKind kind, string path, CancellationToken cancellationToken) => kind == BundleStoreKind.Volume
        ? await client.Files.GetMetadataAsync(path, cancellationToken) is not null
        : await client.Workspace.GetStatusAsync(path, cancellationToken) is not null;

    private Task EnsureFolderAsync(BundleStoreKind kind, string path, CancellationToken cancellationToken) => kind == BundleStoreKind.Volume
        ? client.Files.CreateDirectoryAsync(path, cancellationToken)
        : client.Workspace.MkdirsAsync(path, cancellationToken);

    private Task UploadAsync(BundleStoreKind kind, string path, Func<Stream> open, long length, CancellationToken cancellationToken) => kind == BundleStoreKind.Volume
        ? client.Files.UploadAsync(path, open, length, overwrite: true, cancellationToken)
        : client.Workspace.ImportFileAsync(path, open, length, overwrite: true, cancellationToken);
}
