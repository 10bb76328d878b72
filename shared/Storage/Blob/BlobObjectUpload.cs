using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Handoff.Shared.Storage;

/// <summary>A block blob being staged; commit writes the block list with the content's MD5 as Content-MD5 (unless the upload computes none).</summary>
internal sealed class BlobObjectUpload : IObjectUpload
{
    private readonly string _path;
    private readonly BlockBlobClient _blob;
    private readonly BlockStagingStream _content;
    private readonly BlobErrors _errors;
    private bool _committed;

    public BlobObjectUpload(string path, string blobName, BlockBlobClient blob, BlobStoreOptions options, BlobErrors errors, UploadChecksum checksum)
    {
        _path = path;
        _blob = blob;
        _errors = errors;
        _content = new BlockStagingStream(blob, options, ex => errors.Map(ex, blobName, CancellationToken.None) ?? ex, checksum);
    }

    public Stream Content => _content;

    public long BytesWritten => _content.BytesWritten;

    public async Task<StoredObject> CommitAsync(CancellationToken cancellationToken)
    {
        if (_committed)
        {
            throw new InvalidOperationException($"the upload of '{_path}' was already committed");
        }

        var (blockIds, size, md5) = await _content.FinishAsync(cancellationToken);
        try
        {
            var options = new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentHash = md5 } };
            var response = await _blob.CommitBlockListAsync(blockIds, options, cancellationToken);
            _committed = true;
            return new StoredObject(_path, size, md5, response.Value.LastModified) { Md5Computed = md5 is not null };
        }
        catch (Exception ex) when (_errors.Map(ex, _blob.Name, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    public ValueTask DisposeAsync() => _content.AbandonAsync();
}
