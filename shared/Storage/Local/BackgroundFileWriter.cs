using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;

namespace Handoff.Shared.Storage;

/// <summary>
/// A write-only, forward-only stream whose bytes are gathered into 1 MB blocks that a background
/// task hashes (MD5) and writes to a file. The encoder producing the bytes keeps its core for
/// encoding: on a 2-core machine, hashing and writing a 250 MB CSV on the encoder's own thread
/// cost it a third of an export. At most <see cref="QueuedBlocks"/> blocks wait, so memory stays
/// bounded whatever the file size. Disposing the stream only ends writing; the owner completes
/// or abandons the file (see <see cref="CompleteAsync"/>).
/// </summary>
internal sealed class BackgroundFileWriter : Stream
{
    private const int BlockBytes = 1024 * 1024;
    private const int QueuedBlocks = 4;

    private readonly FileStream _file;
    private readonly IncrementalHash _md5;
    private readonly Channel<(byte[] Block, int Length)> _queue = Channel.CreateBounded<(byte[], int)>(QueuedBlocks);
    private readonly CancellationTokenSource _abandon = new();
    private readonly Task _drain;
    private byte[] _block = ArrayPool<byte>.Shared.Rent(BlockBytes);
    private int _blockLength;
    private bool _disposed;

    public BackgroundFileWriter(FileStream file, IncrementalHash md5)
    {
        _file = file;
        _md5 = md5;
        _drain = Task.Run(DrainAsync, CancellationToken.None);
    }

    public long BytesWritten { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_disposed;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>For writers that only write synchronously (Apache.Avro): blocks while the queue is full.</summary>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!buffer.IsEmpty)
        {
            buffer = buffer[CopyIntoBlock(buffer)..];
            if (_blockLength == BlockBytes)
            {
                QueueBlockAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!buffer.IsEmpty)
        {
            buffer = buffer[CopyIntoBlock(buffer.Span)..];
            if (_blockLength == BlockBytes)
            {
                await QueueBlockAsync(cancellationToken);
            }
        }
    }

    /// <summary>Nothing to do: bytes reach the file on <see cref="CompleteAsync"/>; blocks are not cut short to flush.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Writes what is left, waits until every byte is in the file, and surfaces any write error.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_blockLength > 0)
        {
            await QueueBlockAsync(cancellationToken);
        }

        _queue.Writer.TryComplete();
        await _drain.WaitAsync(cancellationToken);
        ReleaseBlock();
    }

    /// <summary>Stops the background writes of a file that will not be committed.</summary>
    public async Task AbandonAsync()
    {
        _queue.Writer.TryComplete();
        await _abandon.CancelAsync();
        try
        {
            await _drain;
        }
        catch (Exception)
        {
            // The file is being thrown away; the caller's own failure is the one to report.
        }

        _abandon.Dispose();
        ReleaseBlock();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }

    private int CopyIntoBlock(ReadOnlySpan<byte> buffer)
    {
        var take = Math.Min(buffer.Length, BlockBytes - _blockLength);
        buffer[..take].CopyTo(_block.AsSpan(_blockLength));
        _blockLength += take;
        BytesWritten += take;
        return take;
    }

    private void ReleaseBlock()
    {
        if (_block.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_block);
            _block = [];
        }
    }

    private async Task QueueBlockAsync(CancellationToken cancellationToken)
    {
        if (_drain.IsFaulted)
        {
            // A failed write (disk full, ...) ends the upload now rather than after the whole file is encoded.
            await _drain;
        }

        var block = _block;
        var length = _blockLength;
        _block = ArrayPool<byte>.Shared.Rent(BlockBytes);
        _blockLength = 0;
        await _queue.Writer.WriteAsync((block, length), cancellationToken);
    }

    private async Task DrainAsync()
    {
        await foreach (var (block, length) in _queue.Reader.ReadAllAsync(_abandon.Token))
        {
            try
            {
                _file.Write(block, 0, length);
                _md5.AppendData(block, 0, length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(block);
            }
        }
    }
}
