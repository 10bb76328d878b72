using System.Text;
using System.Text.Unicode;
using Handoff.Shared.Input;

namespace Handoff.Shared.Data;

/// <summary>
/// A string column of a <see cref="RowBatch"/> held as the UTF-8 bytes a source produced (DuckDB's
/// VARCHAR vectors), so that writers whose output is UTF-8 (Parquet, CSV, JSON, Avro) copy bytes
/// instead of decoding every value into a .NET string and encoding it back. Rows are written in
/// order from row 0; value <c>i</c> is <c>bytes[offsets[i]..offsets[i + 1]]</c>.
/// </summary>
public sealed class Utf8Column
{
    private readonly int[] _offsets;
    private readonly bool[] _nulls;
    private byte[] _bytes = new byte[64 * 1024];
    private int _written;

    public Utf8Column(int capacity)
    {
        _offsets = new int[capacity + 1];
        _nulls = new bool[capacity];
    }

    /// <summary>Every written value's bytes back to back, for a scan of the whole column at once.</summary>
    public ReadOnlySpan<byte> AllValues => _bytes.AsSpan(0, _offsets[_written]);

    public bool IsNull(int row) => _nulls[row];

    /// <summary>How many bytes rows <paramref name="from"/> to <paramref name="to"/> (exclusive) hold together.</summary>
    public int ByteCount(int from, int to) => _offsets[to] - _offsets[from];

    /// <summary>The bytes of row <paramref name="row"/> (empty for a null); valid until the column is written again.</summary>
    public ReadOnlySpan<byte> Value(int row) => _bytes.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);

    /// <summary>The value of row <paramref name="row"/> as a string, or null.</summary>
    public string? ToText(int row) => _nulls[row] ? null : Encoding.UTF8.GetString(Value(row));

    public void SetNull(int row)
    {
        Advance(row, 0);
        _nulls[row] = true;
    }

    public void Set(int row, ReadOnlySpan<byte> value)
    {
        value.CopyTo(Advance(row, value.Length));
        _nulls[row] = false;
    }

    /// <summary>
    /// Sets row <paramref name="row"/> to the UTF-8 form of <paramref name="text"/>, for a source
    /// that parsed text as chars: the value never becomes a .NET string. Text holding an unpaired
    /// surrogate has no UTF-8 form and is refused (<see cref="FormatException"/>).
    /// </summary>
    public void SetUtf16(int row, ReadOnlySpan<char> text)
    {
        var target = Advance(row, text.Length * 3);
        if (Utf8.FromUtf16(text, target, out _, out var length, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            Advance(row, 0);
            throw new InputFormatException("the text holds an unpaired surrogate, which has no UTF-8 form");
        }

        _offsets[row + 1] = _offsets[row] + length;
        _nulls[row] = false;
    }

    /// <summary>
    /// Room for <paramref name="count"/> rows from <paramref name="row"/> (0, starting over, or the
    /// next row) that hold at most <paramref name="bytes"/> bytes together, to fill in order through
    /// the returned appender: a source copying a whole vector checks order and capacity once
    /// instead of once per value. The rows count as written once <see cref="Utf8Appender.Complete"/> runs.
    /// </summary>
    public Utf8Appender Append(int row, int count, int bytes)
    {
        StartRow(row);
        var start = _offsets[row];
        if (start + bytes > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(start + bytes, _bytes.Length * 2));
        }

        return new Utf8Appender(this, _bytes.AsSpan(0, start + bytes), _offsets.AsSpan(row, count + 1), _nulls.AsSpan(row, count), start);
    }

    /// <summary>Fills the rows <see cref="Append"/> made room for, in order.</summary>
    public ref struct Utf8Appender
    {
        private readonly Utf8Column _column;
        private readonly Span<byte> _bytes;
        private readonly Span<int> _offsets;
        private readonly Span<bool> _nulls;
        private int _index;
        private int _position;

        internal Utf8Appender(Utf8Column column, Span<byte> bytes, Span<int> offsets, Span<bool> nulls, int position)
        {
            _column = column;
            _bytes = bytes;
            _offsets = offsets;
            _nulls = nulls;
            _position = position;
        }

        public void Add(ReadOnlySpan<byte> value)
        {
            value.CopyTo(_bytes[_position..]);
            _position += value.Length;
            _nulls[_index] = false;
            _offsets[++_index] = _position;
        }

        public void AddNull()
        {
            _nulls[_index] = true;
            _offsets[++_index] = _position;
        }

        /// <summary>Marks the rows added as written; every row room was made for must have been added.</summary>
        public readonly void Complete()
        {
            if (_index != _nulls.Length)
            {
                throw new InvalidOperationException($"{_index} of the {_nulls.Length} rows room was made for were added");
            }

            _column._written += _index;
        }
    }

    /// <summary>
    /// The first row from <paramref name="fromRow"/> on whose bytes are not valid UTF-8, or -1.
    /// The rows' bytes back to back are valid UTF-8, and none starts inside a character, only if
    /// each row's are: a value cut inside a character would need the next one to start with the
    /// rest of it. So one check covers them all, and rows are checked one by one only on failure.
    /// </summary>
    public int FirstInvalidUtf8(int fromRow)
    {
        var startsInsideCharacter = false;
        for (var row = fromRow; row < _written; row++)
        {
            startsInsideCharacter |= _offsets[row + 1] > _offsets[row] && (_bytes[_offsets[row]] & 0xC0) == 0x80;
        }

        if (!startsInsideCharacter && Utf8.IsValid(_bytes.AsSpan(_offsets[fromRow], _offsets[_written] - _offsets[fromRow])))
        {
            return -1;
        }

        for (var row = fromRow; row < _written; row++)
        {
            if (!Utf8.IsValid(Value(row)))
            {
                return row;
            }
        }

        throw new InvalidOperationException("the rows failed the UTF-8 check together but pass it one by one");
    }

    /// <summary>Drops the first <paramref name="rows"/> of the first <paramref name="count"/> rows, moving the rest to the front.</summary>
    public void RemoveFirst(int rows, int count)
    {
        var start = _offsets[rows];
        var end = _offsets[count];
        _bytes.AsSpan(start, end - start).CopyTo(_bytes);
        for (var i = rows; i <= count; i++)
        {
            _offsets[i - rows] = _offsets[i] - start;
        }

        _nulls.AsSpan(rows, count - rows).CopyTo(_nulls);
        _written = count - rows;
    }

    /// <summary>Reserves <paramref name="length"/> bytes for row <paramref name="row"/>, which must be row 0 (starting over) or the next row.</summary>
    private Span<byte> Advance(int row, int length)
    {
        StartRow(row);
        var start = _offsets[row];
        if (start + length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(start + length, _bytes.Length * 2));
        }

        _offsets[row + 1] = start + length;
        _written = row + 1;
        return _bytes.AsSpan(start, length);
    }

    private void StartRow(int row)
    {
        if (row == 0)
        {
            _written = 0;
        }
        else if (row != _written)
        {
            throw new InvalidOperationException($"rows of a UTF-8 column are written in order: row {row} after {_written}");
        }
    }
}
