using System.Buffers.Binary;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// The min and max of a chunk's BYTE_ARRAY values in unsigned byte order, which for UTF-8 is
/// code point order: the order Parquet defines for STRING and plain binary. Each bound's first 8
/// bytes are also kept as a big-endian number (zero-padded): when a value's own differs, that
/// comparison alone orders them (a shorter value padded with zeros is a prefix of the other,
/// or differs before the padding), so most values of a column without a dictionary are never
/// compared byte by byte.
/// </summary>
internal sealed class ByteArrayBounds
{
    /// <summary>Longer bounds would bloat the footer; such a chunk gets no min/max (readers then scan it).</summary>
    private const int MaxBoundBytes = 1024;

    private byte[] _min = new byte[64];
    private byte[] _max = new byte[64];
    private int _minLength;
    private int _maxLength;
    private ulong _minPrefix;
    private ulong _maxPrefix;
    private bool _any;

    public void Observe(ReadOnlySpan<byte> value)
    {
        var prefix = Prefix(value);
        if (!_any)
        {
            Store(ref _min, ref _minLength, ref _minPrefix, value, prefix);
            Store(ref _max, ref _maxLength, ref _maxPrefix, value, prefix);
            _any = true;
        }
        else if (Compare(value, prefix, _min.AsSpan(0, _minLength), _minPrefix) < 0)
        {
            Store(ref _min, ref _minLength, ref _minPrefix, value, prefix);
        }
        else if (Compare(value, prefix, _max.AsSpan(0, _maxLength), _maxPrefix) > 0)
        {
            Store(ref _max, ref _maxLength, ref _maxPrefix, value, prefix);
        }
    }

    public (byte[]? Min, byte[]? Max) Take()
    {
        var bounds = _any && _minLength <= MaxBoundBytes && _maxLength <= MaxBoundBytes
            ? (_min.AsSpan(0, _minLength).ToArray(), _max.AsSpan(0, _maxLength).ToArray())
            : ((byte[]?)null, (byte[]?)null);
        _any = false;
        return bounds;
    }

    private static int Compare(ReadOnlySpan<byte> value, ulong prefix, ReadOnlySpan<byte> bound, ulong boundPrefix) =>
        prefix != boundPrefix ? (prefix < boundPrefix ? -1 : 1) : value.SequenceCompareTo(bound);

    private static ulong Prefix(ReadOnlySpan<byte> value)
    {
        if (value.Length >= 8)
        {
            return BinaryPrimitives.ReadUInt64BigEndian(value);
        }

        ulong prefix = 0;
        for (var i = 0; i < value.Length; i++)
        {
            prefix |= (ulong)value[i] << (56 - (8 * i));
        }

        return prefix;
    }

    private static void Store(ref byte[] target, ref int length, ref ulong targetPrefix, ReadOnlySpan<byte> value, ulong prefix)
    {
        if (value.Length > target.Length)
        {
            target = new byte[Math.Max(value.Length, target.Length * 2)];
        }

        value.CopyTo(target);
        length = value.Length;
        targetPrefix = prefix;
    }
}
