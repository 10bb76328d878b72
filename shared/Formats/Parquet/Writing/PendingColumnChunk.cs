using System.Buffers;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// A column chunk the encoder has finished with, whose pages may still be compressing on the
/// thread pool. It owns its pages' buffers: <see cref="CompleteAsync"/> waits for the
/// compressions and lays the chunk out (the dictionary page first, then each data page's header
/// and body, in page order, so the file does not depend on which compression finished first);
/// <see cref="Release"/> gives the buffers back once the chunk is written.
/// </summary>
internal sealed class PendingColumnChunk(
    PageScratch scratch,
    ClosedPage? dictionaryPage,
    List<ClosedPage> dataPages,
    long valueCount,
    long nullCount,
    int codec,
    long[] encodings,
    byte[]? min,
    byte[]? max)
{
    private readonly List<ArrayBufferWriter<byte>> _owned = [];

    public async Task<EncodedColumnChunk> CompleteAsync()
    {
        var pieces = new List<ReadOnlyMemory<byte>>(2 + (dataPages.Count * 2));
        long uncompressed = 0;
        long dictionaryLength = 0;
        if (dictionaryPage is { } dictionary)
        {
            await dictionary.Compression;
            var header = PageHeader.DictionaryPage(dictionary.Rows, dictionary.UncompressedLength, dictionary.Compressed.WrittenCount);
            pieces.Add(header);
            pieces.Add(dictionary.Compressed.WrittenMemory);
            _owned.Add(dictionary.Compressed);
            dictionaryLength = header.Length + dictionary.Compressed.WrittenCount;
            uncompressed += header.Length + dictionary.UncompressedLength;
        }

        long length = dictionaryLength;
        foreach (var page in dataPages)
        {
            await page.Compression;
            var header = PageHeader.DataPage(page.Rows, page.Encoding, page.UncompressedLength, page.Compressed.WrittenCount);
            pieces.Add(header);
            pieces.Add(page.Compressed.WrittenMemory);
            _owned.Add(page.Compressed);
            length += header.Length + page.Compressed.WrittenCount;
            uncompressed += header.Length + page.UncompressedLength;
        }

        return new EncodedColumnChunk(pieces, dictionaryLength, length, valueCount, nullCount, uncompressed, codec, encodings, min, max);
    }

    /// <summary>Gives the pages' buffers back for later pages; the chunk's pieces are invalid afterwards.</summary>
    public void Release()
    {
        foreach (var buffer in _owned)
        {
            scratch.Return(buffer);
        }

        _owned.Clear();
    }
}

/// <summary>
/// A completed column chunk: the pieces to write in order (the dictionary page, when there is one,
/// then each data page's header and compressed body) and what the footer says of it.
/// </summary>
internal sealed record EncodedColumnChunk(
    IReadOnlyList<ReadOnlyMemory<byte>> Pieces, long DictionaryPageLength, long Length, long ValueCount, long NullCount, long UncompressedBytes, int Codec, long[] Encodings, byte[]? Min, byte[]? Max);
