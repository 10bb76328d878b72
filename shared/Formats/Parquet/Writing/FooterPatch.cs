using System.Buffers.Binary;
using Handoff.Shared.Formats.Parquet.Thrift;
using Handoff.Shared.Schema;
using Ids = Handoff.Shared.Formats.Parquet.Thrift.ParquetThriftIds;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Rewrites the footer Parquet.Net produced: timestamp columns (written as INT64 microseconds)
/// are labelled TIMESTAMP(MICROS, UTC) with converted type TIMESTAMP_MICROS, and the statistics
/// Parquet.Net gets wrong (string order, NaN in floats) are replaced by ours. Data pages are
/// untouched, so every offset in the footer stays valid.
/// </summary>
internal static class FooterPatch
{
    public static byte[] Apply(ReadOnlySpan<byte> tail, TableSchema schema, IReadOnlyList<StatisticsOverride?[]> rowGroupStatistics)
    {
        // The captured tail is exactly the footer: metadata, its length, "PAR1".
        if (tail.Length < 8 || !tail[^4..].SequenceEqual(ParquetFiles.Magic) || BinaryPrimitives.ReadInt32LittleEndian(tail[^8..^4]) != tail.Length - 8)
        {
            throw new InvalidOperationException("Parquet.Net's footer is not the last thing it wrote; cannot patch it");
        }

        var metadata = ThriftCompactReader.ReadStruct(tail[..^8]);
        RelabelTimestamps(metadata, schema);
        ReplaceStatistics(metadata, rowGroupStatistics);

        var encoded = ThriftCompactWriter.Write(metadata);
        var result = new byte[encoded.Length + 8];
        encoded.CopyTo(result, 0);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(encoded.Length), encoded.Length);
        ParquetFiles.Magic.CopyTo(result.AsSpan(encoded.Length + 4));
        return result;
    }

    private static void RelabelTimestamps(ThriftStruct metadata, TableSchema schema)
    {
        var elements = metadata.List(Ids.FileMetaData.Schema)?.Items
            ?? throw new InvalidOperationException("Parquet.Net wrote a footer without a schema");
        if (elements.Count != schema.Count + 1)
        {
            throw new InvalidOperationException($"Parquet.Net wrote {elements.Count - 1} schema elements for {schema.Count} columns");
        }

        for (var i = 0; i < schema.Count; i++)
        {
            if (schema[i].Type.Kind != LogicalKind.Timestamp)
            {
                continue;
            }

            var element = (ThriftStruct)elements[i + 1];
            var unit = new ThriftStruct();
            unit.Set(Ids.TimeUnit.Micros, ThriftType.Struct, new ThriftStruct());
            var timestamp = new ThriftStruct();
            timestamp.Set(Ids.TimestampType.IsAdjustedToUtc, ThriftType.BooleanTrue, true);
            timestamp.Set(Ids.TimestampType.Unit, ThriftType.Struct, unit);
            var logicalType = new ThriftStruct();
            logicalType.Set(Ids.LogicalType.Timestamp, ThriftType.Struct, timestamp);
            element.Set(Ids.SchemaElement.ConvertedType, ThriftType.I32, (long)Ids.ConvertedTimestampMicros);
            element.Set(Ids.SchemaElement.LogicalType, ThriftType.Struct, logicalType);
        }
    }

    private static void ReplaceStatistics(ThriftStruct metadata, IReadOnlyList<StatisticsOverride?[]> rowGroupStatistics)
    {
        var rowGroups = metadata.List(Ids.FileMetaData.RowGroups)?.Items ?? [];
        if (rowGroups.Count != rowGroupStatistics.Count)
        {
            throw new InvalidOperationException($"Parquet.Net wrote {rowGroups.Count} row groups, the writer flushed {rowGroupStatistics.Count}");
        }

        for (var r = 0; r < rowGroups.Count; r++)
        {
            var chunks = ((ThriftStruct)rowGroups[r]).List(Ids.RowGroup.Columns)?.Items ?? [];
            var overrides = rowGroupStatistics[r];
            for (var c = 0; c < overrides.Length; c++)
            {
                if (overrides[c] is { } statistics)
                {
                    var columnMetadata = ((ThriftStruct)chunks[c]).Struct(Ids.ColumnChunk.MetaData)
                        ?? throw new InvalidOperationException("Parquet.Net wrote a column chunk without metadata");
                    Replace(columnMetadata, statistics);
                }
            }
        }
    }

    private static void Replace(ThriftStruct columnMetadata, StatisticsOverride statistics)
    {
        var target = columnMetadata.Struct(Ids.ColumnMetaData.Statistics);
        if (target is null)
        {
            target = new ThriftStruct();
            columnMetadata.Set(Ids.ColumnMetaData.Statistics, ThriftType.Struct, target);
        }

        // The deprecated min/max use signed byte order for strings; min_value/max_value are the ones readers trust.
        target.Remove(Ids.Statistics.Max);
        target.Remove(Ids.Statistics.Min);
        target.Remove(Ids.Statistics.MaxValue);
        target.Remove(Ids.Statistics.MinValue);
        target.Remove(Ids.Statistics.IsMaxValueExact);
        target.Remove(Ids.Statistics.IsMinValueExact);
        if (statistics.Min is not null && statistics.Max is not null)
        {
            target.Set(Ids.Statistics.MaxValue, ThriftType.Binary, statistics.Max);
            target.Set(Ids.Statistics.MinValue, ThriftType.Binary, statistics.Min);
        }
    }
}
