using System.Security.Cryptography;

namespace Handoff.Shared.Storage;

/// <summary>
/// A file being written to a hidden temp file beside its target; commit renames it over the
/// target, so readers see either the old object or the whole new one.
/// </summary>
internal sealed class LocalObjectUpload : IObjectUpload
{
    private readonly string _path;
    private readonly string _targetFullPath;
    private readonly string _tempFullPath;
    private readonly FileStream _file;
    private readonly IncrementalHash? _md5;
    private readonly BackgroundFileWriter _content;
    private bool _committed;
    private bool _disposed;

    private LocalObjectUpload(string path, string targetFullPath, string tempFullPath, FileStream file, UploadChecksum checksum)
    {
        _path = path;
        _targetFullPath = targetFullPath;
        _tempFullPath = tempFullPath;
        _file = file;
        _md5 = checksum == UploadChecksum.ContentMd5 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
        _content = new BackgroundFileWriter(file, _md5);
    }

    public Stream Content => _content;

    public long BytesWritten => _content.BytesWritten;

    public static LocalObjectUpload Start(string path, string targetFullPath, UploadChecksum checksum)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(targetFullPath)!);
        var tempFullPath = TempFileNames.For(targetFullPath);
        var file = new FileStream(tempFullPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            // Written by BackgroundFileWriter's task in 1 MB blocks: synchronous writes, no buffer of its own.
            BufferSize = 0,
        });
        return new LocalObjectUpload(path, targetFullPath, tempFullPath, file, checksum);
    }

    public async Task<StoredObject> CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException($"the upload of '{_path}' was already committed");
        }

        try
        {
            await _content.CompleteAsync(cancellationToken);
            // On disk before the rename: after a crash the name shows the whole file or the old one.
            _file.Flush(flushToDisk: true);
            await _file.DisposeAsync();
            var md5 = _md5?.GetHashAndReset();
            File.Move(_tempFullPath, _targetFullPath, overwrite: true);
            _committed = true;
            if (md5 is not null)
            {
                // After the rename, which itself changes the file's ctime.
                LocalMd5Cache.Record(FileIdentity.Of(_targetFullPath), md5);
            }

            return new StoredObject(_path, _content.BytesWritten, md5, File.GetLastWriteTimeUtc(_targetFullPath)) { Md5Computed = md5 is not null };
        }
        catch (Exception ex) when (LocalErrors.IsFileSystemError(ex))
        {
            throw LocalErrors.Wrap(ex, "write", _targetFullPath);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _content.DisposeAsync();
        if (!_committed)
        {
            await _content.AbandonAsync();
        }

        await _file.DisposeAsync();
        _md5?.Dispose();
        if (!_committed)
        {
            TryDelete(_tempFullPath);
        }
    }

    private static void TryDelete(string fullPath)
    {
        try
        {
            File.Delete(fullPath);
        }
        catch (IOException)
        {
            // A leftover temp file is hidden from listings; failing the caller's cleanup over it would hide the real error.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
