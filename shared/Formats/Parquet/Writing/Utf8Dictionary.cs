using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// A column chunk's dictionary keyed by the values' UTF-8 bytes: each new value is appended to the
/// PLAIN-encoded dictionary page (a 4-byte length, then the bytes), which is also where lookups
/// compare, so a value is stored once and never as a .NET string. Open addressing with linear
/// probing over a power-of-two table kept at most half full.
/// </summary>
internal sealed class Utf8Dictionary
{
    private ArrayBufferWriter<byte> _entries = new(64 * 1024);
    private int[] _starts = new int[1024];
    private uint[] _hashes = new uint[1024];

    /// <summary>Per slot, the entry's index + 1; 0 for an empty slot.</summary>
    private int[] _slots = new int[2048];

    public int Count { get; private set; }

    /// <summary>The entries, PLAIN-encoded in index order: the dictionary page's body.</summary>
    public ReadOnlySpan<byte> Entries => _entries.WrittenSpan;

    /// <summary>The index of <paramref name="value"/>, added as the next entry if it is new.</summary>
    public int IndexOf(ReadOnlySpan<byte> value, out bool added)
    {
        var hash = Hash(value);
        var mask = _slots.Length - 1;
        var slot = (int)hash & mask;
        var entries = _entries.WrittenSpan;
        while (_slots[slot] != 0)
        {
            var index = _slots[slot] - 1;
            if (_hashes[index] == hash)
            {
                var start = _starts[index];
                if (BinaryPrimitives.ReadInt32LittleEndian(entries[(start - 4)..]) == value.Length && entries.Slice(start, value.Length).SequenceEqual(value))
                {
                    added = false;
                    return index;
                }
            }

            slot = (slot + 1) & mask;
        }

        added = true;
        return Add(value, hash, slot);
    }

    /// <summary>Empties the dictionary for the next chunk, keeping its memory.</summary>
    public void Clear()
    {
        _entries.ResetWrittenCount();
        Array.Clear(_slots);
        Count = 0;
    }

    /// <summary>Empties the dictionary and gives its memory back, for a column that no longer uses one.</summary>
    public void Release()
    {
        _entries = new ArrayBufferWriter<byte>(1);
        _starts = new int[1];
        _hashes = new uint[1];
        _slots = new int[2];
        Count = 0;
    }

    private int Add(ReadOnlySpan<byte> value, uint hash, int slot)
    {
        var index = Count++;
        if (index == _starts.Length)
        {
            Array.Resize(ref _starts, index * 2);
            Array.Resize(ref _hashes, index * 2);
        }

        var span = _entries.GetSpan(4 + value.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, value.Length);
        value.CopyTo(span[4..]);
        _entries.Advance(4 + value.Length);
        _starts[index] = _entries.WrittenCount - value.Length;
        _hashes[index] = hash;
        _slots[slot] = index + 1;
        if (Count * 2 > _slots.Length)
        {
            Grow();
        }

        return index;
    }

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var index = 0; index < Count; index++)
        {
            var slot = (int)_hashes[index] & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = index + 1;
        }
    }

    /// <summary>A 64-bit multiply-rotate hash over 8-byte words, folded to 32 bits; the values are short, so it reads them whole.</summary>
    private static uint Hash(ReadOnlySpan<byte> value)
    {
        const ulong Prime1 = 0x9E3779B97F4A7C15UL;
        const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
        var hash = (ulong)value.Length * Prime1;
        var rest = value;
        while (rest.Length >= 8)
        {
            hash = BitOperations.RotateLeft(hash ^ (BinaryPrimitives.ReadUInt64LittleEndian(rest) * Prime2), 31) * Prime1;
            rest = rest[8..];
        }

        ulong tail = 0;
        if (rest.Length >= 4)
        {
            tail = BinaryPrimitives.ReadUInt32LittleEndian(rest) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(rest[^4..]) << 32);
        }
        else
        {
            for (var i = 0; i < rest.Length; i++)
            {
                tail |= (ulong)rest[i] << (8 * i);
            }
        }

        hash = BitOperations.RotateLeft(hash ^ (tail * Prime2), 31) * Prime1;
        hash ^= hash >> 33;
        hash *= Prime2;
        hash ^= hash >> 29;
        return (uint)hash;
    }
}
