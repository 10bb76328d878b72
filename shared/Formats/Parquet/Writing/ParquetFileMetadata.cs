using System.Buffers.Binary;
using System.Reflection;
using Handoff.Shared.Formats.Parquet.Thrift;
using Handoff.Shared.Schema;
using Ids = Handoff.Shared.Formats.Parquet.Thrift.ParquetThriftIds;

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
        rowGroup.Set(Ids.RowGroup.Columns, ThriftType.List, new ThriftList(ThriftType.Struct, columns));
        rowGroup.Set(Ids.RowGroup.TotalByteSize, ThriftType.I64, uncompressed);
        rowGroup.Set(Ids.RowGroup.NumRows, ThriftType.I64, rows);
        rowGroup.Set(Ids.RowGroup.FileOffset, ThriftType.I64, offset);
        rowGroup.Set(Ids.RowGroup.TotalCompressedSize, ThriftType.I64, chunkOffset - offset);
        rowGroup.Set(Ids.RowGroup.Ordinal, ThriftType.I16, (long)_rowGroups.Count);
        _rowGroups.Add(rowGroup);
        _rows += rows;
    }

    /// <summary>The footer: FileMetaData, its 4-byte length, "PAR1".</summary>
    public byte[] EncodeFooter()
    {
        var metadata = new ThriftStruct();
        metadata.Set(Ids.FileMetaData.Version, ThriftType.I32, 1L);
        metadata.Set(Ids.FileMetaData.Schema, ThriftType.List, new ThriftList(ThriftType.Struct, ParquetSchemaElements.Create(schema)));
        metadata.Set(Ids.FileMetaData.NumRows, ThriftType.I64, _rows);
        metadata.Set(Ids.FileMetaData.RowGroups, ThriftType.List, new ThriftList(ThriftType.Struct, _rowGroups));
        metadata.Set(Ids.FileMetaData.KeyValueMetadata, ThriftType.List, new ThriftList(ThriftType.Struct, SparkFooterMetadata.Entries.Select(KeyValue).ToList()));
        metadata.Set(Ids.FileMetaData.CreatedBy, ThriftType.Binary, CreatedBy);

        // Min/max follow each type's defined order (UTF-8 bytes for strings, signed for numbers);
        // without this some readers distrust string statistics.
        var orders = new List<object>(schema.Count);
        for (var i = 0; i < schema.Count; i++)
        {
            var order = new ThriftStruct();
            order.Set(Ids.ColumnOrder.TypeOrder, ThriftType.Struct, new ThriftStruct());
            orders.Add(order);
        }

        metadata.Set(Ids.FileMetaData.ColumnOrders, ThriftType.List, new ThriftList(ThriftType.Struct, orders));

        var encoded = ThriftCompactWriter.Write(metadata);
        var footer = new byte[encoded.Length + 8];
        encoded.CopyTo(footer, 0);
        BinaryPrimitives.WriteInt32LittleEndian(footer.AsSpan(encoded.Length), encoded.Length);
        ParquetFiles.Magic.CopyTo(footer.AsSpan(encoded.Length + 4));
        return footer;
    }

    private static object KeyValue(KeyValuePair<string, string> entry)
    {
        var keyValue = new ThriftStruct();
        keyValue.Set(Ids.KeyValue.Key, ThriftType.Binary, System.Text.Encoding.UTF8.GetBytes(entry.Key));
        keyValue.Set(Ids.KeyValue.Value, ThriftType.Binary, System.Text.Encoding.UTF8.GetBytes(entry.Value));
        return keyValue;
    }

    private static ThriftStruct ColumnChunk(Column column, EncodedColumnChunk chunk, long offset)
    {
        var statistics = new ThriftStruct();
        statistics.Set(Ids.Statistics.NullCount, ThriftType.I64, chunk.NullCount);
        if (chunk.Min is not null && chunk.Max is not null)
        {
            statistics.Set(Ids.Statistics.MaxValue, ThriftType.Binary, chunk.Max);
            statistics.Set(Ids.Statistics.MinValue, ThriftType.Binary, chunk.Min);
        }

        var dataPageOffset = offset + chunk.DictionaryPageLength;
        var metadata = new ThriftStruct();
        metadata.Set(Ids.ColumnMetaData.Type, ThriftType.I32, (long)ParquetSchemaElements.PhysicalType(column.Type));
        metadata.Set(Ids.ColumnMetaData.Encodings, ThriftType.List, new ThriftList(ThriftType.I32, chunk.Encodings.Cast<object>().ToList()));
        metadata.Set(Ids.ColumnMetaData.PathInSchema, ThriftType.List, new ThriftList(ThriftType.Binary, [System.Text.Encoding.UTF8.GetBytes(column.Name)]));
        metadata.Set(Ids.ColumnMetaData.Codec, ThriftType.I32, (long)chunk.Codec);
        metadata.Set(Ids.ColumnMetaData.NumValues, ThriftType.I64, chunk.ValueCount);
        metadata.Set(Ids.ColumnMetaData.TotalUncompressedSize, ThriftType.I64, chunk.UncompressedBytes);
        metadata.Set(Ids.ColumnMetaData.TotalCompressedSize, ThriftType.I64, chunk.Length);
        metadata.Set(Ids.ColumnMetaData.DataPageOffset, ThriftType.I64, dataPageOffset);
        if (chunk.DictionaryPageLength > 0)
        {
            metadata.Set(Ids.ColumnMetaData.DictionaryPageOffset, ThriftType.I64, offset);
        }
        metadata.Set(Ids.ColumnMetaData.Statistics, ThriftType.Struct, statistics);

        // parquet.thrift (apache/parquet-format 24102ed), ColumnChunk.file_offset: deprecated, and
        // "Writers should set this field to 0 if no ColumnMetaData has been written outside the footer".
        var columnChunk = new ThriftStruct();
        columnChunk.Set(Ids.ColumnChunk.FileOffset, ThriftType.I64, 0L);
        columnChunk.Set(Ids.ColumnChunk.MetaData, ThriftType.Struct, metadata);
        return columnChunk;
    }
}
