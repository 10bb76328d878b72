using System.Buffers;
using System.Collections.Concurrent;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Buffers pages pass through while they are assembled and compressed, shared by all the columns
/// of a file. A closed page's body lives until its compression on the thread pool is done, and
/// its compressed form until the row group is written, so both come from a pool that later pages
/// reuse; compressions return bodies from their own threads.
/// </summary>
internal sealed class PageScratch
{
    private readonly ConcurrentStack<ArrayBufferWriter<byte>> _free = new();

    /// <summary>The encoded definition levels of the page being assembled (the encoder's thread only).</summary>
    public ArrayBufferWriter<byte> Levels { get; } = new(1024);

    /// <summary>An empty buffer for a page body or its compressed form.</summary>
    public ArrayBufferWriter<byte> Rent()
    {
        if (_free.TryPop(out var buffer))
        {
            buffer.ResetWrittenCount();
            return buffer;
        }

        return new ArrayBufferWriter<byte>(64 * 1024);
    }

    public void Return(ArrayBufferWriter<byte> buffer) => _free.Push(buffer);
}
