namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// A growing list of bits, least significant bit first in each byte: the layout of Parquet's
/// bit-packed booleans and of bit-packed runs of width 1. Definition levels and boolean values
/// of a page are collected here before the page is encoded.
/// </summary>
internal sealed class BitList
{
    private byte[] _bytes = new byte[1024];

    public int Count { get; private set; }

    /// <summary>How many of the bits are 0.</summary>
    public int Zeros { get; private set; }

    /// <summary>The bits, padded with zeros to a whole byte.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, (Count + 7) >> 3);

    public void Add(bool bit)
    {
        var index = Count >> 3;
        if (index == _bytes.Length)
        {
            Array.Resize(ref _bytes, _bytes.Length * 2);
        }

        if (bit)
        {
            _bytes[index] |= (byte)(1 << (Count & 7));
        }
        else
        {
            Zeros++;
        }

        Count++;
    }

    public void Clear()
    {
        Array.Clear(_bytes, 0, (Count + 7) >> 3);
        Count = 0;
        Zeros = 0;
    }
}
