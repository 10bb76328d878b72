using System.Buffers.Binary;
using Handoff.Shared.Schema;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>Binary values as PLAIN BYTE_ARRAY: a 4-byte little-endian length, then the bytes.</summary>
internal sealed class BinaryEncoder(Column column, PageCodec codec, PageScratch scratch, int pageBytes) : ColumnChunkEncoder(column, codec, scratch, pageBytes)
{
    private readonly ByteArrayBounds _bounds = new();

    protected override void Encode(Array source, int offset, int count)
    {
        var values = new ReadOnlySpan<byte[]?>((byte[]?[])source, offset, count);
        for (var i = 0; i < values.Length; i++)
        {
            var bytes = values[i];
            if (!IsPresent(bytes is not null, offset + i))
            {
                continue;
            }

            var span = Values.GetSpan(4 + bytes!.Length);
            BinaryPrimitives.WriteInt32LittleEndian(span, bytes.Length);
            bytes.CopyTo(span[4..]);
            _bounds.Observe(bytes);
            Values.Advance(4 + bytes.Length);
        }
    }

    protected override (byte[]? Min, byte[]? Max) TakeBounds() => _bounds.Take();
}
