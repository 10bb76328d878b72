using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Threading.Channels;

namespace Handoff.Shared.Storage;

/// <summary>
/// A write-only, forward-only stream whose bytes are gathered into 1 MB blocks that a background
/// task hashes (MD5) and writes to a file. The encoder producing the bytes keeps its core for
/// encoding: on a 2-core machine, hashing and writing a 250 MB CSV on the encoder's own thread
/// cost it a third of an export. The writer owns at most <see cref="Blocks"/> blocks, which
/// circulate between it and the task, so memory stays bounded whatever the file size (a shared
/// pool would be rented on one thread and returned on another, and keep what it was given).
/// Disposing the stream only ends writing; the owner completes or abandons the file (see
/// <see cref="CompleteAsync"/>). Text encoders fill the blocks in place instead (see
/// <see cref="IBlockOutput"/>).
/// </summary>
internal sealed class BackgroundFileWriter : Stream, IBlockOutput
{
    private const int BlockBytes = 1024 * 1024;
    private const int Blocks = 4;

    private readonly FileStream _file;
    private readonly IncrementalHash? _md5;
    private readonly Channel<(byte[] Block, int Length)> _queue = Channel.CreateBounded<(byte[], int)>(Blocks);
    private readonly Channel<byte[]> _free = Channel.CreateBounded<byte[]>(Blocks);
    private readonly CancellationTokenSource _abandon = new();
    private readonly Task _drain;
    private byte[]? _block;
    private int _blocksAllocated;
    private int _blockLength;
    private long _fileLength;
    private long _writebackStarted;
    private Exception? _failure;
    private bool _disposed;

    /// <param name="md5">The hash the bytes are added to as they are written, or null for none.</param>
    public BackgroundFileWriter(FileStream file, IncrementalHash? md5)
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
            _block ??= NextBlockAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            buffer = buffer[CopyIntoBlock(_block, buffer)..];
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
            _block ??= await NextBlockAsync(cancellationToken);
            buffer = buffer[CopyIntoBlock(_block, buffer.Span)..];
            if (_blockLength == BlockBytes)
            {
                await QueueBlockAsync(cancellationToken);
            }
        }
    }

    public byte[] RentFirstBlock()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _free.Reader.TryRead(out var free) ? free
            : _blocksAllocated < Blocks ? AllocateBlock()
            : throw new InvalidOperationException("every block is already rented");
    }

    public ValueTask<byte[]> RentBlockAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return NextBlockAsync(cancellationToken);
    }

    public async ValueTask SubmitAsync(byte[] block, int length, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_blockLength > 0)
        {
            // Bytes given to Write before this block come first.
            await QueueBlockAsync(cancellationToken);
        }

        _block = block;
        _blockLength = length;
        BytesWritten += length;
        await QueueBlockAsync(cancellationToken);
    }

    public void Return(byte[] block) => Recycle(block);

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
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }

    private int CopyIntoBlock(byte[] block, ReadOnlySpan<byte> buffer)
    {
        var take = Math.Min(buffer.Length, BlockBytes - _blockLength);
        buffer[..take].CopyTo(block.AsSpan(_blockLength));
        _blockLength += take;
        BytesWritten += take;
        return take;
    }

    private async Task QueueBlockAsync(CancellationToken cancellationToken)
    {
        // A failed write (disk full, ...) ends the upload now rather than after the whole file is encoded.
        if (Volatile.Read(ref _failure) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        await _queue.Writer.WriteAsync((_block!, _blockLength), cancellationToken);
        _block = null;
        _blockLength = 0;
    }

    /// <summary>A block given back by the task, a new one while fewer than <see cref="Blocks"/> exist, or the next to come back.</summary>
    private ValueTask<byte[]> NextBlockAsync(CancellationToken cancellationToken)
    {
        if (_free.Reader.TryRead(out var free))
        {
            return ValueTask.FromResult(free);
        }

        if (_blocksAllocated < Blocks)
        {
            return ValueTask.FromResult(AllocateBlock());
        }

        return _free.Reader.ReadAsync(cancellationToken);
    }

    private byte[] AllocateBlock()
    {
        _blocksAllocated++;
        return new byte[BlockBytes];
    }

    /// <summary>Puts a block back in circulation; a larger array an encoder grew for one long value is left to the GC.</summary>
    private void Recycle(byte[] block)
    {
        if (block.Length == BlockBytes)
        {
            _free.Writer.TryWrite(block);
        }
    }

    private async Task DrainAsync()
    {
        // After a failure, blocks are still taken and handed back, so the writer never waits on a dead task.
        await foreach (var (block, length) in _queue.Reader.ReadAllAsync(_abandon.Token))
        {
            if (_failure is null)
            {
                try
                {
                    _file.Write(block, 0, length);
                    _md5?.AppendData(block, 0, length);
                    _fileLength += length;
                    if (_fileLength - _writebackStarted >= EarlyWriteback.Chunk)
                    {
                        EarlyWriteback.Start(_file.SafeFileHandle, _writebackStarted, _fileLength - _writebackStarted);
                        _writebackStarted = _fileLength;
                    }
                }
                catch (Exception ex)
                {
                    Volatile.Write(ref _failure, ex);
                }
            }

            Recycle(block);
        }

        if (_failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }
}
