using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// A growing list of bits, least significant bit first in each byte: the layout of Parquet's
/// bit-packed booleans and of bit-packed runs of width 1. Definition levels and boolean values
/// of a page are collected here before the page is encoded. <see cref="Reserve"/> makes room
/// for a slice of values once, so that <see cref="Add"/>, called per value, neither grows the
/// list nor branches.
/// </summary>
internal sealed class BitList
{
    private byte[] _bytes = new byte[1024];
    private int _count;
    private int _zeros;

    public int Count => _count;

    /// <summary>How many of the bits are 0.</summary>
    public int Zeros => _zeros;

    /// <summary>The bits, padded with zeros to a whole byte.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, (_count + 7) >> 3);

    /// <summary>Makes room for <paramref name="bits"/> more bits.</summary>
    public void Reserve(int bits)
    {
        var needed = ((_count + bits) >> 3) + 1;
        if (needed > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(needed, _bytes.Length * 2));
        }
    }

    /// <summary>Appends a bit; room must have been made with <see cref="Reserve"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(bool bit)
    {
        var count = _count;
        var one = bit ? 1 : 0;
        if ((uint)(count >> 3) >= (uint)_bytes.Length)
        {
            ThrowNotReserved();
        }

        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bytes), count >> 3) |= (byte)(one << (count & 7));
        _zeros += one ^ 1;
        _count = count + 1;
    }

    public void Clear()
    {
        Array.Clear(_bytes, 0, (_count + 7) >> 3);
        _count = 0;
        _zeros = 0;
    }

    private static void ThrowNotReserved() => throw new InvalidOperationException("BitList.Add without room: call Reserve first");
}
