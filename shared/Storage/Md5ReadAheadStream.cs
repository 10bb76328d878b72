using System.Security.Cryptography;
using System.Threading.Channels;

namespace Handoff.Shared.Storage;

/// <summary>
/// A forward-only read stream over another that hashes (MD5) every byte of it, with the reading
/// and the hashing done ahead of the reader on tasks of their own: one task reads 1 MB blocks, a
/// second hashes them, and the reader takes hashed blocks. A load parses CSV or JSON on one core
/// and encodes Parquet on the other; hashing on the parser's thread (about a core-second per
/// 600 MB) and reading there (the kernel's copy) made the parser the slowest stage. A file hashed
/// for its own sake (<see cref="Md5Async"/>) reads one block while it hashes the last.
/// <see cref="FinishAsync"/> reads whatever the reader left (trailing bytes, a gzip trailer), so
/// the digest always covers the whole stream. Memory: at most <see cref="Blocks"/> blocks.
/// </summary>
public sealed class Md5ReadAheadStream : Stream
{
    private const int BlockBytes = 1024 * 1024;
    private const int Blocks = 4;

    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly Channel<byte[]> _free = Channel.CreateBounded<byte[]>(Blocks);
    private readonly Channel<(byte[] Block, int Length)> _read = Channel.CreateBounded<(byte[], int)>(Blocks);
    private readonly Channel<(byte[] Block, int Length)> _hashed = Channel.CreateBounded<(byte[], int)>(Blocks);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private readonly Task _hashing;
    private byte[]? _current;
    private int _currentLength;
    private int _currentOffset;
    private bool _ended;
    private bool _disposed;

    /// <param name="leaveOpen">Leave <paramref name="inner"/> open when this stream is disposed.</param>
    public Md5ReadAheadStream(Stream inner, bool leaveOpen = false)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
        for (var i = 0; i < Blocks; i++)
        {
            _free.Writer.TryWrite(new byte[BlockBytes]);
        }

        _reading = Task.Run(ReadAheadAsync, CancellationToken.None);
        _hashing = Task.Run(HashAheadAsync, CancellationToken.None);
    }

    /// <summary>Bytes the reader has taken so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    /// <summary>The MD5 of the rest of a stream, its reads overlapping its hashing; the stream stays open.</summary>
    public static async Task<byte[]> Md5Async(Stream content, CancellationToken cancellationToken)
    {
        await using var hashing = new Md5ReadAheadStream(content, leaveOpen: true);
        return await hashing.FinishAsync(cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!HasBytes() && !NextBlockAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            return 0;
        }

        return Take(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!HasBytes() && !await NextBlockAsync(cancellationToken))
        {
            return 0;
        }

        return Take(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Reads and hashes the rest of the stream, and returns the MD5 of all of it.</summary>
    public async Task<byte[]> FinishAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        do
        {
            // What the reader left of the current block, then every block after it.
            if (_current is not null)
            {
                BytesRead += _currentLength - _currentOffset;
                _currentOffset = _currentLength;
            }
        }
        while (await NextBlockAsync(cancellationToken));

        // The hashing task has appended every block before it handed over the end.
        await _hashing;
        return _md5.GetHashAndReset();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync();
        if (!_leaveOpen)
        {
            await _inner.DisposeAsync();
        }

        _md5.Dispose();
        _stop.Dispose();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            StopAsync().GetAwaiter().GetResult();
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }

            _md5.Dispose();
            _stop.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool HasBytes() => _current is not null && _currentOffset < _currentLength;

    private int Take(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _currentLength - _currentOffset);
        _current.AsSpan(_currentOffset, count).CopyTo(buffer);
        _currentOffset += count;
        BytesRead += count;
        return count;
    }

    /// <summary>Gives the current block back and takes the next hashed one; false at the end of the stream.</summary>
    private async ValueTask<bool> NextBlockAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_current is not null)
        {
            _free.Writer.TryWrite(_current);
            _current = null;
        }

        try
        {
            while (!_ended && await _hashed.Reader.WaitToReadAsync(cancellationToken))
            {
                if (_hashed.Reader.TryRead(out var next))
                {
                    (_current, _currentLength, _currentOffset) = (next.Block, next.Length, 0);
                    return true;
                }
            }
        }
        catch (ChannelClosedException closed) when (closed.InnerException is { } failure)
        {
            // A read of the source failed (storage gone mid-read, say): the reader sees that failure.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        _ended = true;
        return false;
    }

    /// <summary>Fills free blocks from the source in order, until a read returns nothing.</summary>
    private async Task ReadAheadAsync()
    {
        try
        {
            var ended = false;
            while (!ended)
            {
                var block = await _free.Reader.ReadAsync(_stop.Token);
                var length = 0;
                while (length < block.Length)
                {
                    var read = await _inner.ReadAsync(block.AsMemory(length), _stop.Token);
                    if (read == 0)
                    {
                        ended = true;
                        break;
                    }

                    length += read;
                }

                if (length > 0)
                {
                    await _read.Writer.WriteAsync((block, length), _stop.Token);
                }
                else
                {
                    _free.Writer.TryWrite(block);
                }
            }

            _read.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _read.Writer.TryComplete(ex);
        }
    }

    /// <summary>Hashes the blocks in the order they were read and hands them to the reader.</summary>
    private async Task HashAheadAsync()
    {
        try
        {
            await foreach (var (block, length) in _read.Reader.ReadAllAsync(_stop.Token))
            {
                _md5.AppendData(block, 0, length);
                await _hashed.Writer.WriteAsync((block, length), _stop.Token);
            }

            _hashed.Writer.TryComplete();
        }
        catch (ChannelClosedException closed) when (closed.InnerException is { } failure)
        {
            _hashed.Writer.TryComplete(failure);
        }
        catch (Exception ex)
        {
            _hashed.Writer.TryComplete(ex);
        }
    }

    /// <summary>Stops the tasks (a reader that stopped early leaves them waiting) and waits for them.</summary>
    private async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_reading, _hashing);
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }
    }
}
