namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// The min and max of a chunk's BYTE_ARRAY values in unsigned byte order, which for UTF-8 is
/// code point order: the order Parquet defines for STRING and plain binary.
/// </summary>
internal sealed class ByteArrayBounds
{
    /// <summary>Longer bounds would bloat the footer; such a chunk gets no min/max (readers then scan it).</summary>
    private const int MaxBoundBytes = 1024;

    private byte[] _min = new byte[64];
    private byte[] _max = new byte[64];
    private int _minLength;
    private int _maxLength;
    private bool _any;

    public void Observe(ReadOnlySpan<byte> value)
    {
        if (!_any)
        {
            Store(ref _min, ref _minLength, value);
            Store(ref _max, ref _maxLength, value);
            _any = true;
        }
        else if (value.SequenceCompareTo(_min.AsSpan(0, _minLength)) < 0)
        {
            Store(ref _min, ref _minLength, value);
        }
        else if (value.SequenceCompareTo(_max.AsSpan(0, _maxLength)) > 0)
        {
            Store(ref _max, ref _maxLength, value);
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

    private static void Store(ref byte[] target, ref int length, ReadOnlySpan<byte> value)
    {
        if (value.Length > target.Length)
        {
            target = new byte[Math.Max(value.Length, target.Length * 2)];
        }

        value.CopyTo(target);
        length = value.Length;
    }
}
