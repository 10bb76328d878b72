using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using Handoff.Shared.Formats.Text;
using Handoff.Shared.Schema;
using Ids = Handoff.Shared.Formats.Parquet.Thrift.ParquetThriftIds;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Strings as BYTE_ARRAY (UTF-8). A chunk starts dictionary-encoded, as Spark and DuckDB write
/// low-cardinality columns (states, tiers, channels become a few bytes per row); when its
/// dictionary passes 1 MB, or its first 8192 values are nearly all distinct, the column is not
/// repetitive enough, so the rest of the chunk and the column's later chunks are PLAIN (a 4-byte
/// length, then the bytes), as parquet-mr falls back.
/// </summary>
internal sealed class StringEncoder(Column column, PageCodec codec, PageScratch scratch, int pageBytes) : ColumnChunkEncoder(column, codec, scratch, pageBytes)
{
    /// <summary>parquet-mr's default dictionary page size.</summary>
    private const int MaxDictionaryBytes = 1024 * 1024;

    /// <summary>
    /// How many values a chunk looks at before judging whether the column is nearly unique (ids,
    /// emails, postal codes): if more than 90% of them were new, a dictionary would cost a hash
    /// lookup and a copy per value and save next to nothing, so the column falls back at once
    /// instead of when its dictionary reaches 1 MB (or, for postal codes, never).
    /// </summary>
    private const int UniquenessSample = 8192;

    private readonly ByteArrayBounds _bounds = new();
    private readonly Dictionary<string, int> _dictionary = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _entries = new(64 * 1024);
    private int[] _indices = new int[4096];
    private int _indexCount;
    private int _entryCount;
    private int _dictionaryValues;
    private bool _dictionaryPaysOff = true;
    private bool _chunkUsesDictionary = true;
    private bool _pageUsesDictionary = true;

    protected override int PendingBytes => _pageUsesDictionary ? _indexCount * 2 : Values.WrittenCount;

    protected override int PageEncoding => _pageUsesDictionary && _indexCount > 0 ? Ids.Encoding.PlainDictionary : Ids.Encoding.Plain;

    protected override bool MustClosePage => _pageUsesDictionary && !_chunkUsesDictionary;

    public override void Reset()
    {
        base.Reset();
        _dictionary.Clear();
        _entryCount = 0;
        _dictionaryValues = 0;
        _entries.ResetWrittenCount();
        _chunkUsesDictionary = _dictionaryPaysOff;
        _pageUsesDictionary = _dictionaryPaysOff;
    }

    protected override void Encode(Array source, int offset, int count)
    {
        var values = new ReadOnlySpan<string?>((string?[])source, offset, count);
        if (_indices.Length < _indexCount + count)
        {
            Array.Resize(ref _indices, Math.Max(_indexCount + count, _indices.Length * 2));
        }

        for (var i = 0; i < values.Length; i++)
        {
            var text = values[i];
            if (!IsPresent(text is not null, offset + i))
            {
                continue;
            }

            if (_pageUsesDictionary)
            {
                ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_dictionary, text!, out var known);
                if (!known)
                {
                    index = _entryCount++;
                    _bounds.Observe(Utf8Of(text!, offset + i, _entries));
                    _chunkUsesDictionary &= _entries.WrittenCount <= MaxDictionaryBytes;
                }

                _indices[_indexCount++] = index;
                if (++_dictionaryValues == UniquenessSample && _entryCount * 10L > UniquenessSample * 9L)
                {
                    _chunkUsesDictionary = false;
                }
            }
            else
            {
                _bounds.Observe(Utf8Of(text!, offset + i, Values));
            }
        }
    }

    protected override void FlushValues()
    {
        if (_pageUsesDictionary && _indexCount > 0)
        {
            // A data page of dictionary indices: their bit width in one byte, then the indices bit-packed.
            var bitWidth = Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)(_entryCount - 1)));
            Values.GetSpan(1)[0] = (byte)bitWidth;
            Values.Advance(1);
            HybridRle.EncodeBitPacked(_indices.AsSpan(0, _indexCount), bitWidth, Values);
        }

        _indexCount = 0;
        if (!_chunkUsesDictionary && _pageUsesDictionary)
        {
            // Only the encoded entries are needed from here on (for the dictionary page); let the
            // strings go now rather than when the row group ends.
            _dictionary.Clear();
            _dictionary.TrimExcess();
            _pageUsesDictionary = false;
            _dictionaryPaysOff = false;
        }
    }

    protected override ReadOnlySpan<byte> DictionaryEntries(out int count)
    {
        count = _entryCount;
        return _entries.WrittenSpan;
    }

    protected override (byte[]? Min, byte[]? Max) TakeBounds() => _bounds.Take();

    /// <summary>Appends the PLAIN encoding of a string (length, UTF-8 bytes) and returns its bytes.</summary>
    private ReadOnlySpan<byte> Utf8Of(string text, int row, ArrayBufferWriter<byte> output)
    {
        var span = output.GetSpan(4 + (text.Length * 3));
        if (Utf8.FromUtf16(text, span[4..], out _, out var length, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            // An unpaired surrogate has no UTF-8 form; writing U+FFFD instead would change the data.
            throw new InvalidDataException($"column '{Column.Name}', row {row} of the batch: {Utf16Text.UnpairedSurrogate(text).Message}");
        }

        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        output.Advance(4 + length);
        return span.Slice(4, length);
    }
}
