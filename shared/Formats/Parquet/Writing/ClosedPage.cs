using System.Buffers;
using Handoff.Shared.Formats.Compression;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// A data page that is closed and being compressed on the thread pool while the encoder goes on
/// with the next. The encoder's thread is an export's bottleneck (the reader and the hashing
/// upload leave the second core idle a fifth of the time) and compression is a third of its work,
/// so it moves to whichever core is free. Its header, which states the compressed length, is
/// made when the row group is assembled, in page order, so the file does not depend on which
/// compression finished first.
/// </summary>
internal sealed class ClosedPage
{
    private ClosedPage(int uncompressedLength, ArrayBufferWriter<byte> compressed, int rows, int encoding, Task compression)
    {
        UncompressedLength = uncompressedLength;
        Compressed = compressed;
        Rows = rows;
        Encoding = encoding;
        Compression = compression;
    }

    public int UncompressedLength { get; }

    /// <summary>The page as written, once <see cref="Compression"/> has completed.</summary>
    public ArrayBufferWriter<byte> Compressed { get; }

    public int Rows { get; }

    public int Encoding { get; }

    public Task Compression { get; }

    /// <summary>Starts compressing <paramref name="body"/> (levels, then values), which goes back to the pool once compressed.</summary>
    public static ClosedPage Compress(PageCodec codec, PageScratch buffers, ArrayBufferWriter<byte> body, int rows, int encoding)
    {
        var compressed = buffers.Rent();
        var compression = Task.Run(() =>
        {
            codec.Compress(body.WrittenSpan, compressed);
            buffers.Return(body);
        });
        return new ClosedPage(body.WrittenCount, compressed, rows, encoding, compression);
    }
}
