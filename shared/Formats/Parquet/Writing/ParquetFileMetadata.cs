using System.Buffers.Binary;
using System.Reflection;
using Handoff.Shared.Formats.Parquet.Thrift;
using Handoff.Shared.Schema;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Collects what the footer says of each row group as the writer emits it, then encodes the
/// FileMetaData (parquet.thrift), its length and the closing magic.
/// </summary>
internal sealed class ParquetFileMetadata(TableSchema schema)
{
    private static readonly byte[] CreatedBy = System.Text.Encoding.UTF8.GetBytes(
        $"handoff version {typeof(ParquetFileMetadata).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0"}");

    private readonly List<object> _rowGroups = [];
    private long _rows;

    /// <summary>Records a row group whose chunks were written in schema order, the first at <paramref name="offset"/>.</summary>
    public void AddRowGroup(long offset, long rows, IReadOnlyList<EncodedColumnChunk> chunks)
    {
        var columns = new List<object>(chunks.Count);
        var chunkOffset = offset;
        long uncompressed = 0;
        for (var i = 0; i < chunks.Count; i++)
        {
            columns.Add(ColumnChunk(schema[i], chunks[i], chunkOffset));
            chunkOffset += chunks[i].Length;
            uncompressed += chunks[i].UncompressedBytes;
        }

        var rowGroup = new ThriftStruct();
        rowGroup.Set(1, ThriftType.List, new ThriftList(ThriftType.Struct, columns));
        rowGroup.Set(2, ThriftType.I64, uncompressed);
        rowGroup.Set(3, ThriftType.I64, rows);
        rowGroup.Set(5, ThriftType.I64, offset);
        rowGroup.Set(6, ThriftType.I64, chunkOffset - offset);
        rowGroup.Set(7, ThriftType.I16, (long)_rowGroups.Count);
        _rowGroups.Add(rowGroup);
        _rows += rows;
    }

    /// <summary>The footer: FileMetaData, its 4-byte length, "PAR1".</summary>
    public byte[] EncodeFooter()
    {
        var metadata = new ThriftStruct();
        metadata.Set(1, ThriftType.I32, 1L);
        metadata.Set(2, ThriftType.List, new ThriftList(ThriftType.Struct, ParquetSchemaElements.Create(schema)));
        metadata.Set(3, ThriftType.I64, _rows);
        metadata.Set(4, ThriftType.List, new ThriftList(ThriftType.Struct, _rowGroups));
        metadata.Set(6, ThriftType.Binary, CreatedBy);

        // Min/max follow each type's defined order (UTF-8 bytes for strings, signed for numbers);
        // without this some readers distrust string statistics.
        var orders = new List<object>(schema.Count);
        for (var i = 0; i < schema.Count; i++)
        {
            var order = new ThriftStruct();
            order.Set(1, ThriftType.Struct, new ThriftStruct());
            orders.Add(order);
        }

        metadata.Set(7, ThriftType.List, new ThriftList(ThriftType.Struct, orders));

        var encoded = ThriftCompactWriter.Write(metadata);
        var footer = new byte[encoded.Length + 8];
        encoded.CopyTo(footer, 0);
        BinaryPrimitives.WriteInt32LittleEndian(footer.AsSpan(encoded.Length), encoded.Length);
        ParquetFiles.Magic.CopyTo(footer.AsSpan(encoded.Length + 4));
        return footer;
    }

    private static ThriftStruct ColumnChunk(Column column, EncodedColumnChunk chunk, long offset)
    {
        var statistics = new ThriftStruct();
        statistics.Set(3, ThriftType.I64, chunk.NullCount);
        if (chunk.Min is not null && chunk.Max is not null)
        {
            statistics.Set(5, ThriftType.Binary, chunk.Max);
            statistics.Set(6, ThriftType.Binary, chunk.Min);
        }

        var dataPageOffset = offset + chunk.DictionaryPage.Length;
        var metadata = new ThriftStruct();
        metadata.Set(1, ThriftType.I32, (long)ParquetSchemaElements.PhysicalType(column.Type));
        metadata.Set(2, ThriftType.List, new ThriftList(ThriftType.I32, chunk.Encodings.Cast<object>().ToList()));
        metadata.Set(3, ThriftType.List, new ThriftList(ThriftType.Binary, [System.Text.Encoding.UTF8.GetBytes(column.Name)]));
        metadata.Set(4, ThriftType.I32, (long)chunk.Codec);
        metadata.Set(5, ThriftType.I64, chunk.ValueCount);
        metadata.Set(6, ThriftType.I64, chunk.UncompressedBytes);
        metadata.Set(7, ThriftType.I64, chunk.Length);
        metadata.Set(9, ThriftType.I64, dataPageOffset);
        if (!chunk.DictionaryPage.IsEmpty)
        {
            metadata.Set(11, ThriftType.I64, offset);
        }
        metadata.Set(12, ThriftType.Struct, statistics);

        var columnChunk = new ThriftStruct();
        columnChunk.Set(2, ThriftType.I64, offset);
        columnChunk.Set(3, ThriftType.Struct, metadata);
        return columnChunk;
    }
}
