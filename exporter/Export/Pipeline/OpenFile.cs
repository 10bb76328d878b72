using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Storage;

namespace Handoff.Exporter.Export;

/// <summary>One data file being written: an encoder on top of an upload that is invisible until committed.</summary>
internal sealed class OpenFile : IAsyncDisposable
{
    private readonly string _path;
    private readonly IObjectUpload _upload;
    private readonly IRowBatchWriter _writer;

    private OpenFile(string path, IObjectUpload upload, IRowBatchWriter writer)
    {
        _path = path;
        _upload = upload;
        _writer = writer;
    }

    public long Rows { get; private set; }

    public long Bytes => _upload.BytesWritten;

    public static async Task<OpenFile> StartAsync(IObjectStore folder, string path, FormatSpec format, TableSchema schema, CancellationToken cancellationToken)
    {
        var upload = await folder.StartUploadAsync(path, cancellationToken);
        try
        {
            return new OpenFile(path, upload, RowBatchFormats.CreateWriter(format, schema, upload.Content));
        }
        catch
        {
            await upload.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes the first <paramref name="rows"/> rows of the batch and removes them from it.</summary>
    public async Task WriteFrontAsync(RowBatch batch, int rows, CancellationToken cancellationToken)
    {
        var total = batch.Count;
        batch.Count = rows;
        await _writer.WriteAsync(batch, cancellationToken);
        batch.Count = total;
        batch.RemoveFirst(rows);
        Rows += rows;
    }

    public async Task<ManifestFile> CommitAsync(CancellationToken cancellationToken)
    {
        await _writer.CompleteAsync(cancellationToken);
        var stored = await _upload.CommitAsync(cancellationToken);
        return new ManifestFile(_path, Rows, stored.Size, ManifestFile.Md5Checksum(stored.ContentMd5 ?? throw new InvalidOperationException($"the store returned no MD5 for {_path}")));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _writer.DisposeAsync();
        }
        finally
        {
            // Even when the encoder fails to close, the upload must be discarded (temp file, staged blocks).
            await _upload.DisposeAsync();
        }
    }
}
