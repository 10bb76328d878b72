using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Handoff.Shared.Storage;

/// <summary>
/// A write-only stream that cuts its content into blocks and stages them on a block blob, up to
/// <see cref="BlobStoreOptions.MaxParallelBlocks"/> at a time, while computing the MD5 of the
/// whole content. Memory stays bounded: one block filling plus the blocks in flight, all from
/// <see cref="ArrayPool{T}"/>. Each block carries its own MD5 so the service rejects a block
/// damaged in transit. Nothing is visible until <see cref="FinishAsync"/>'s block list is committed.
/// </summary>
internal sealed class BlockStagingStream : Stream
{
    private readonly BlockBlobClient _blob;
    private readonly BlobStoreOptions _options;
    private readonly Func<Exception, Exception> _mapError;
    private readonly string _blockIdPrefix = Guid.NewGuid().ToString("N");
    private readonly IncrementalHash? _md5;
    private readonly List<string> _blockIds = [];
    private readonly Queue<Task> _inFlight = new();
    private readonly CancellationTokenSource _abort = new();
    private byte[]? _block;
    private int _blockFilled;
    private bool _finished;
    private bool _closed;
    private bool _abandoned;

    public BlockStagingStream(BlockBlobClient blob, BlobStoreOptions options, Func<Exception, Exception> mapError, UploadChecksum checksum)
    {
        _blob = blob;
        _options = options;
        _mapError = mapError;
        _md5 = checksum == UploadChecksum.ContentMd5 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
    }

    public long BytesWritten { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_finished && !_closed;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (_block is null)
            {
                // Sync callers block here only when MaxParallelBlocks are already in flight.
                WaitForCapacityAsync(CancellationToken.None).GetAwaiter().GetResult();
            }

            buffer = buffer[Append(buffer)..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            if (_block is null)
            {
                await WaitForCapacityAsync(cancellationToken);
            }

            buffer = buffer[Append(buffer.Span)..];
        }
    }

    /// <summary>Stages the last partial block, waits for all blocks, and returns the block list, size and MD5.</summary>
    public async Task<(IReadOnlyList<string> BlockIds, long Size, byte[]? Md5)> FinishAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_block is not null && _blockFilled > 0)
        {
            Dispatch();
        }

        while (_inFlight.Count > 0)
        {
            await ObserveOldestAsync(cancellationToken);
        }

        _finished = true;
        ReturnBlock();
        return (_blockIds, BytesWritten, _md5?.GetHashAndReset());
    }

    public override void Flush()
    {
        // Blocks are staged when full; a partial block waits for more data or for FinishAsync.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>
    /// Cancels blocks in flight and returns all buffers; the service discards staged blocks that
    /// are never committed. Called by the upload when it is disposed without a commit.
    /// </summary>
    public async ValueTask AbandonAsync()
    {
        if (_abandoned)
        {
            return;
        }

        _abandoned = true;
        _finished = true;
        await _abort.CancelAsync();
        while (_inFlight.Count > 0)
        {
            try
            {
                await _inFlight.Dequeue();
            }
            catch (Exception)
            {
                // Failures of blocks nobody will commit do not matter.
            }
        }

        ReturnBlock();
        _md5?.Dispose();
        _abort.Dispose();
    }

    /// <summary>
    /// Ends writing only. Writers often dispose the stream they were given before the caller
    /// commits, so disposal must not lose the staged content; <see cref="AbandonAsync"/> does that.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        _closed = true;
        base.Dispose(disposing);
    }

    private int Append(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_finished || _closed, this);
        var count = Math.Min(data.Length, _options.BlockSize - _blockFilled);
        data[..count].CopyTo(_block.AsSpan(_blockFilled));
        _md5?.AppendData(data[..count]);
        _blockFilled += count;
        BytesWritten += count;
        if (_blockFilled == _options.BlockSize)
        {
            Dispatch();
        }

        return count;
    }

    private async Task WaitForCapacityAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished || _closed, this);
        while (_inFlight.Count >= _options.MaxParallelBlocks)
        {
            await ObserveOldestAsync(cancellationToken);
        }

        _block = ArrayPool<byte>.Shared.Rent(_options.BlockSize);
        _blockFilled = 0;
    }

    private void Dispatch()
    {
        var block = _block!;
        var length = _blockFilled;
        _block = null;
        _blockFilled = 0;
        var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{_blockIdPrefix}-{_blockIds.Count:D8}"));
        _blockIds.Add(blockId);
        var token = _abort.Token;
        _inFlight.Enqueue(Task.Run(() => StageAsync(blockId, block, length, token), CancellationToken.None));
    }

    private async Task StageAsync(string blockId, byte[] block, int length, CancellationToken cancellationToken)
    {
        try
        {
            var options = new BlockBlobStageBlockOptions
            {
                TransferValidation = new UploadTransferValidationOptions
                {
                    ChecksumAlgorithm = StorageChecksumAlgorithm.MD5,
                    PrecalculatedChecksum = MD5.HashData(block.AsSpan(0, length)),
                },
            };
            using var content = new MemoryStream(block, 0, length, writable: false);
            await _blob.StageBlockAsync(blockId, content, options, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    /// <summary>Waits for the oldest block; it leaves the queue only once done, so an abandon still waits for it.</summary>
    private async Task ObserveOldestAsync(CancellationToken cancellationToken)
    {
        var staging = _inFlight.Peek();
        try
        {
            await staging.WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _ = _inFlight.Dequeue();
            throw _mapError(ex);
        }

        _ = _inFlight.Dequeue();
    }

    private void ReturnBlock()
    {
        if (_block is not null)
        {
            ArrayPool<byte>.Shared.Return(_block);
            _block = null;
        }
    }
}
