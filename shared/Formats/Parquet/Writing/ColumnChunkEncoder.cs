using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Handoff.Shared.Data;
using Handoff.Shared.Input;
using Handoff.Shared.Schema;
using Ids = Handoff.Shared.Formats.Parquet.Thrift.ParquetThriftIds;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Encodes one column of the row group being built into a column chunk: v1 data pages
/// (PLAIN values, or dictionary indices for encoders that keep a dictionary), definition levels
/// in the RLE/bit-packing hybrid, each page compressed on the thread pool once it closes. Values
/// are encoded as they arrive, so a row group is held encoded rather than as CLR values, and a
/// batch's arrays are free for reuse as soon as <see cref="Append"/> returns.
/// </summary>
internal abstract class ColumnChunkEncoder
{
    /// <summary>Rows encoded between checks of the page size.</summary>
    private const int Slice = 4096;

    private readonly PageCodec _codec;
    private readonly int _pageBytes;
    private readonly PageScratch _scratch;
    private readonly SortedSet<long> _encodings = [];
    private List<ClosedPage> _closedPages = [];
    private long _closedPageBytes;
    private int _pageRows;
    private long _chunkRows;
    private long _chunkNulls;

    protected ColumnChunkEncoder(Column column, PageCodec codec, PageScratch scratch, int pageBytes)
    {
        Column = column;
        _codec = codec;
        _scratch = scratch;
        _pageBytes = pageBytes;
    }

    public Column Column { get; }

    /// <summary>
    /// About how much memory the chunk holds so far: its pages before compression (so that where
    /// a row group ends does not depend on how fast pages were compressed) and the open page's values.
    /// </summary>
    public long BufferedBytes => _closedPageBytes + PendingBytes;

    /// <summary>The open page's encoded values.</summary>
    protected ArrayBufferWriter<byte> Values { get; private set; } = new(64 * 1024);

    /// <summary>The open page's definition levels: 1 for a value, 0 for a null (optional columns only).</summary>
    protected BitList Levels { get; } = new();

    /// <summary>About how many bytes the open page's values take.</summary>
    protected virtual int PendingBytes => Values.WrittenCount;

    /// <summary>The encoding of the open page's values, as written in its header.</summary>
    protected virtual int PageEncoding => Ids.Encoding.Plain;

    /// <summary>True when the encoder needs the open page closed now (e.g. to change encoding).</summary>
    protected virtual bool MustClosePage => false;

    /// <summary>Encodes <paramref name="count"/> values of batch column <paramref name="column"/> starting at row <paramref name="offset"/>.</summary>
    public void Append(RowBatch batch, int column, int offset, int count)
    {
        var end = offset + count;
        while (offset < end)
        {
            var take = Math.Min(Slice, end - offset);
            if (Column.Nullable)
            {
                Levels.Reserve(take);
            }

            Encode(batch, column, offset, take);
            _pageRows += take;
            offset += take;
            if (PendingBytes >= _pageBytes || MustClosePage)
            {
                ClosePage();
            }
        }
    }

    /// <summary>Closes the open page, so that its compression starts before the row group waits for the chunks.</summary>
    public void ClosePage()
    {
        if (_pageRows == 0)
        {
            return;
        }

        var encoding = PageEncoding;
        FlushValues();
        ArrayBufferWriter<byte> body;
        if (Column.Nullable)
        {
            // v1 pages: the levels' byte length, the levels, then the values.
            var levels = _scratch.Levels;
            levels.ResetWrittenCount();
            HybridRle.Encode(Levels, levels);
            body = _scratch.Rent();
            BinaryPrimitives.WriteInt32LittleEndian(body.GetSpan(4), levels.WrittenCount);
            body.Advance(4);
            body.Write(levels.WrittenSpan);
            body.Write(Values.WrittenSpan);
            _chunkNulls += Levels.Zeros;
            Levels.Clear();
            _encodings.Add(Ids.Encoding.Rle);
        }
        else
        {
            // The values are the body: hand the buffer over instead of copying it.
            body = Values;
            Values = _scratch.Rent();
        }

        _encodings.Add(encoding);
        _closedPages.Add(ClosedPage.Compress(_codec, _scratch, body, _pageRows, encoding));
        _closedPageBytes += body.WrittenCount;
        _chunkRows += _pageRows;
        _pageRows = 0;
        Values.ResetWrittenCount();
    }

    /// <summary>
    /// Closes the open page and hands the chunk over as it is, its pages perhaps still being
    /// compressed, then starts the next row group's chunk: the encoder goes on while the chunk
    /// is completed and written elsewhere.
    /// </summary>
    public PendingColumnChunk Detach()
    {
        ClosePage();
        var dictionary = CloseDictionaryPage();
        var (min, max) = TakeBounds();
        var chunk = new PendingColumnChunk(_scratch, dictionary, _closedPages, _chunkRows, _chunkNulls, _codec.ThriftCodec, [.. _encodings], min, max);
        _closedPages = [];
        _encodings.Clear();
        _closedPageBytes = 0;
        _chunkRows = 0;
        _chunkNulls = 0;
        Reset();
        return chunk;
    }

    /// <summary>Starts the next row group's chunk (after <see cref="Detach"/>), keeping the encoder's own buffers for reuse.</summary>
    protected virtual void Reset()
    {
    }

    /// <summary>Encodes values of a batch column; by default, from the column's array.</summary>
    protected virtual void Encode(RowBatch batch, int column, int offset, int count) => Encode(batch.Column(column), offset, count);

    /// <summary>Encodes values into <see cref="Values"/>, and their definition levels into <see cref="Levels"/> when the column is optional.</summary>
    protected abstract void Encode(Array source, int offset, int count);

    /// <summary>The chunk's min and max in the physical type's plain encoding, or nulls for none; resets them.</summary>
    protected abstract (byte[]? Min, byte[]? Max) TakeBounds();

    /// <summary>Called before a page is assembled, for encoders that hold values back (bit-packed booleans, dictionary indices).</summary>
    protected virtual void FlushValues()
    {
    }

    /// <summary>The chunk's dictionary entries, PLAIN-encoded, and their count; an empty span when the chunk has no dictionary.</summary>
    protected virtual ReadOnlySpan<byte> DictionaryEntries(out int count)
    {
        count = 0;
        return [];
    }

    /// <summary>
    /// Records whether the value of batch row <paramref name="row"/> is present (its definition
    /// level, for an optional column) and returns it; a null in a required column is refused.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected bool IsPresent(bool hasValue, int row)
    {
        if (Column.Nullable)
        {
            Levels.Add(hasValue);
        }
        else if (!hasValue)
        {
            throw new InputDataException($"column '{Column.Name}' is not nullable but row {row} of the batch is null");
        }

        return hasValue;
    }

    /// <summary>The chunk's dictionary page, compressing on the thread pool from a copy of the entries (the encoder reuses its own), or null when the chunk has none.</summary>
    private ClosedPage? CloseDictionaryPage()
    {
        var entries = DictionaryEntries(out var count);
        if (count == 0)
        {
            return null;
        }

        _encodings.Add(Ids.Encoding.PlainDictionary);
        var body = _scratch.Rent();
        body.Write(entries);
        return ClosedPage.Compress(_codec, _scratch, body, count, Ids.Encoding.PlainDictionary);
    }
}
