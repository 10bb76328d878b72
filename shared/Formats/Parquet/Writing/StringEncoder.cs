using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text.Unicode;
using Handoff.Shared.Data;
using Handoff.Shared.Formats.TextOutput;
using Handoff.Shared.Input;
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
    private readonly Utf8Dictionary _dictionary = new();
    private byte[] _utf8 = new byte[256];
    private int[] _indices = new int[4096];
    private int _indexCount;
    private int _dictionaryValues;
    private bool _dictionaryPaysOff = true;
    private bool _chunkUsesDictionary = true;
    private bool _pageUsesDictionary = true;

    protected override int PendingBytes => _pageUsesDictionary ? _indexCount * 2 : Values.WrittenCount;

    protected override int PageEncoding => _pageUsesDictionary && _indexCount > 0 ? Ids.Encoding.PlainDictionary : Ids.Encoding.Plain;

    protected override bool MustClosePage => _pageUsesDictionary && !_chunkUsesDictionary;

    protected override void Reset()
    {
        base.Reset();
        if (_dictionaryPaysOff)
        {
            _dictionary.Clear();
        }
        else
        {
            // The column fell back to PLAIN for good: the dictionary (up to 1 MB of entries and
            // their index) is not needed again.
            _dictionary.Release();
        }

        _dictionaryValues = 0;
        _chunkUsesDictionary = _dictionaryPaysOff;
        _pageUsesDictionary = _dictionaryPaysOff;
    }

    /// <summary>A column a source filled with UTF-8 (DuckDB's VARCHAR) is encoded from its bytes.</summary>
    protected override void Encode(RowBatch batch, int column, int offset, int count)
    {
        if (batch.Utf8(column) is not { } values)
        {
            base.Encode(batch, column, offset, count);
            return;
        }

        ReserveIndices(count);
        for (var row = offset; row < offset + count; row++)
        {
            if (IsPresent(!values.IsNull(row), row))
            {
                Encode(values.Value(row));
            }
        }
    }

    protected override void Encode(Array source, int offset, int count)
    {
        var values = new ReadOnlySpan<string?>((string?[])source, offset, count);
        ReserveIndices(count);
        for (var i = 0; i < values.Length; i++)
        {
            if (IsPresent(values[i] is not null, offset + i))
            {
                Encode(Utf8Of(values[i]!, offset + i));
            }
        }
    }

    private void Encode(ReadOnlySpan<byte> value)
    {
        if (!_pageUsesDictionary)
        {
            _bounds.Observe(value);
            var span = Values.GetSpan(4 + value.Length);
            BinaryPrimitives.WriteInt32LittleEndian(span, value.Length);
            value.CopyTo(span[4..]);
            Values.Advance(4 + value.Length);
            return;
        }

        _indices[_indexCount++] = _dictionary.IndexOf(value, out var added);
        if (added)
        {
            _bounds.Observe(value);
            _chunkUsesDictionary &= _dictionary.Entries.Length <= MaxDictionaryBytes;
        }

        if (++_dictionaryValues == UniquenessSample && _dictionary.Count * 10L > UniquenessSample * 9L)
        {
            _chunkUsesDictionary = false;
        }
    }

    private void ReserveIndices(int count)
    {
        if (_indices.Length < _indexCount + count)
        {
            Array.Resize(ref _indices, Math.Max(_indexCount + count, _indices.Length * 2));
        }
    }

    protected override void FlushValues()
    {
        if (_pageUsesDictionary && _indexCount > 0)
        {
            // A data page of dictionary indices: their bit width in one byte, then the indices bit-packed.
            var bitWidth = Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)(_dictionary.Count - 1)));
            Values.GetSpan(1)[0] = (byte)bitWidth;
            Values.Advance(1);
            HybridRle.EncodeBitPacked(_indices.AsSpan(0, _indexCount), bitWidth, Values);
        }

        _indexCount = 0;
        if (!_chunkUsesDictionary && _pageUsesDictionary)
        {
            _pageUsesDictionary = false;
            _dictionaryPaysOff = false;
        }
    }

    protected override ReadOnlySpan<byte> DictionaryEntries(out int count)
    {
        count = _dictionary.Count;
        return _dictionary.Entries;
    }

    protected override (byte[]? Min, byte[]? Max) TakeBounds() => _bounds.Take();

    /// <summary>The UTF-8 form of a string, in a scratch buffer valid until the next call.</summary>
    private ReadOnlySpan<byte> Utf8Of(string text, int row)
    {
        if (_utf8.Length < text.Length * 3)
        {
            _utf8 = new byte[Math.Max(text.Length * 3, _utf8.Length * 2)];
        }

        if (Utf8.FromUtf16(text, _utf8, out _, out var length, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            // An unpaired surrogate has no UTF-8 form; writing U+FFFD instead would change the data.
            throw new InputDataException($"column '{Column.Name}', row {row} of the batch: {Utf16Text.UnpairedSurrogate(text).Message}");
        }

        return _utf8.AsSpan(0, length);
    }
}
