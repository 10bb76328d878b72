using System.Buffers;
using Handoff.Shared.Schema;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>Booleans, PLAIN-encoded as one bit each, least significant bit first.</summary>
internal sealed class BooleanEncoder(Column column, PageCodec codec, PageScratch scratch, int pageBytes) : ColumnChunkEncoder(column, codec, scratch, pageBytes)
{
    private readonly BitList _bits = new();
    private bool _anyFalse;
    private bool _anyTrue;

    protected override void Encode(Array source, int offset, int count)
    {
        var values = new ReadOnlySpan<bool?>((bool?[])source, offset, count);
        _bits.Reserve(count);
        for (var i = 0; i < values.Length; i++)
        {
            if (IsPresent(values[i].HasValue, offset + i))
            {
                var value = values[i].GetValueOrDefault();
                _bits.Add(value);
                _anyTrue |= value;
                _anyFalse |= !value;
            }
        }
    }

    protected override void FlushValues()
    {
        Values.Write(_bits.Bytes);
        _bits.Clear();
    }

    protected override (byte[]? Min, byte[]? Max) TakeBounds()
    {
        var bounds = _anyFalse || _anyTrue
            ? (new[] { _anyFalse ? (byte)0 : (byte)1 }, new[] { _anyTrue ? (byte)1 : (byte)0 })
            : ((byte[]?)null, (byte[]?)null);
        _anyFalse = false;
        _anyTrue = false;
        return bounds;
    }
}
