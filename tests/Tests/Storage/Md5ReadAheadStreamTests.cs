using System.Security.Cryptography;
using Handoff.Shared.Storage;
using Xunit;

namespace Handoff.Tests.Storage;

/// <summary>
/// The read-ahead hashing stream gives the reader every byte in order and the MD5 of the whole
/// source, whatever the reader took; a failing source fails the reader with the same error.
/// </summary>
public sealed class Md5ReadAheadStreamTests
{
    private const int Block = 1024 * 1024;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Block - 1)]
    [InlineData(Block)]
    [InlineData(Block + 1)]
    [InlineData((5 * Block) + 12345)]
    public async Task The_reader_gets_every_byte_in_order_and_the_md5_of_all_of_them(int size)
    {
        var content = Bytes(size);
        await using var stream = new Md5ReadAheadStream(new TrickleStream(content));
        var copy = new MemoryStream();
        var buffer = new byte[4093];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        Assert.Equal(content, copy.ToArray());
        Assert.Equal(MD5.HashData(content), await stream.FinishAsync(CancellationToken.None));
        Assert.Equal(size, stream.BytesRead);
    }

    [Fact]
    public async Task Finishing_after_a_partial_read_hashes_the_rest_too()
    {
        var content = Bytes((3 * Block) + 7);
        await using var stream = new Md5ReadAheadStream(new MemoryStream(content));
        var start = new byte[100];
        Assert.Equal(100, stream.Read(start, 0, 100));

        var md5 = await stream.FinishAsync(CancellationToken.None);

        Assert.Equal(content[..100], start);
        Assert.Equal(MD5.HashData(content), md5);
        Assert.Equal(content.Length, stream.BytesRead);
    }

    [Fact]
    public async Task A_source_that_fails_mid_read_fails_the_reader_with_its_error()
    {
        var source = new FailingStream(new MemoryStream(Bytes(6 * Block)), failAt: (2 * Block) + 10);
        await using var stream = new Md5ReadAheadStream(source);
        var buffer = new byte[64 * 1024];

        var failure = await Assert.ThrowsAsync<IOException>(async () =>
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        });

        Assert.Equal("storage went away", failure.Message);
        Assert.True(stream.BytesRead >= 2 * Block);
    }

    [Fact]
    public async Task Md5Async_hashes_the_rest_of_a_stream_and_leaves_it_open()
    {
        var content = Bytes((2 * Block) + 3);
        var source = new MemoryStream(content);

        var md5 = await Md5ReadAheadStream.Md5Async(source, CancellationToken.None);

        Assert.Equal(MD5.HashData(content), md5);
        Assert.Equal(content.Length, source.Position);
        Assert.True(source.CanRead);
    }

    [Fact]
    public async Task A_reader_that_stops_early_disposes_the_source_and_its_tasks_end()
    {
        var source = new MemoryStream(Bytes(10 * Block));
        var stream = new Md5ReadAheadStream(source);
        Assert.Equal(10, await stream.ReadAsync(new byte[10]));

        var disposed = stream.DisposeAsync().AsTask();

        Assert.Same(disposed, await Task.WhenAny(disposed, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.False(source.CanRead);
    }

    private static byte[] Bytes(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A source that returns fewer bytes than asked, as network streams do.</summary>
    private sealed class TrickleStream(byte[] content) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 50_000)], cancellationToken);
    }

    /// <summary>A source whose read fails once <paramref name="failAt"/> bytes have been read.</summary>
    private sealed class FailingStream(Stream inner, long failAt) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAt)
            {
                throw new IOException("storage went away");
            }

            var read = inner.Read(buffer, offset, (int)Math.Min(count, failAt - _position));
            _position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
