using System.Buffers;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Buffers a page passes through while it is assembled and compressed. The writer closes one
/// page at a time, so all the columns of a file share one set instead of holding a set each.
/// </summary>
internal sealed class PageScratch
{
    /// <summary>The encoded definition levels of the page being assembled.</summary>
    public ArrayBufferWriter<byte> Levels { get; } = new(1024);

    /// <summary>The uncompressed page body: levels with their length, then the values.</summary>
    public ArrayBufferWriter<byte> Body { get; } = new(64 * 1024);

    /// <summary>The compressed body, kept aside until its header (which states its length) is written.</summary>
    public ArrayBufferWriter<byte> Compressed { get; } = new(64 * 1024);
}
