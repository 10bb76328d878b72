using System.Buffers.Binary;
using Handoff.Shared.Formats.Parquet.Thrift;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Ids = Handoff.Shared.Formats.Parquet.Thrift.ParquetThriftIds;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Rewrites the footer Parquet.Net produced: columns written as plain integers (see
/// <see cref="ParquetTypeMapping.ToWriteField"/>) get their logical and converted types
/// (TIMESTAMP(MICROS, UTC), DATE, DECIMAL(p,s)), and the statistics Parquet.Net gets wrong
/// (string order, NaN in floats) are replaced by ours, in the type-defined column order. Data
/// pages are untouched, so every offset in the footer stays valid.
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
        Relabel(metadata, schema);
        ReplaceStatistics(metadata, rowGroupStatistics);
        DeclareColumnOrders(metadata, schema.Count);

        var encoded = ThriftCompactWriter.Write(metadata);
        var result = new byte[encoded.Length + 8];
        encoded.CopyTo(result, 0);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(encoded.Length), encoded.Length);
        ParquetFiles.Magic.CopyTo(result.AsSpan(encoded.Length + 4));
        return result;
    }

    private static void Relabel(ThriftStruct metadata, TableSchema schema)
    {
        var elements = metadata.List(Ids.FileMetaData.Schema)?.Items
            ?? throw new InvalidOperationException("Parquet.Net wrote a footer without a schema");
        if (elements.Count != schema.Count + 1)
        {
            throw new InvalidOperationException($"Parquet.Net wrote {elements.Count - 1} schema elements for {schema.Count} columns");
        }

        for (var i = 0; i < schema.Count; i++)
        {
            var type = schema[i].Type;
            var element = (ThriftStruct)elements[i + 1];
            switch (type.Kind)
            {
                case LogicalKind.Timestamp:
                    var unit = new ThriftStruct();
                    unit.Set(Ids.TimeUnit.Micros, ThriftType.Struct, new ThriftStruct());
                    var timestamp = new ThriftStruct();
                    timestamp.Set(Ids.TimestampType.IsAdjustedToUtc, ThriftType.BooleanTrue, true);
                    timestamp.Set(Ids.TimestampType.Unit, ThriftType.Struct, unit);
                    SetType(element, Ids.ConvertedType.TimestampMicros, Ids.LogicalType.Timestamp, timestamp);
                    break;
                case LogicalKind.Date:
                    SetType(element, Ids.ConvertedType.Date, Ids.LogicalType.Date, new ThriftStruct());
                    break;
                case LogicalKind.Decimal when type.Precision <= ParquetTypeMapping.MaxInt64DecimalPrecision:
                    var decimalType = new ThriftStruct();
                    decimalType.Set(Ids.DecimalType.Scale, ThriftType.I32, (long)type.Scale);
                    decimalType.Set(Ids.DecimalType.Precision, ThriftType.I32, (long)type.Precision);
                    SetType(element, Ids.ConvertedType.Decimal, Ids.LogicalType.Decimal, decimalType);
                    element.Set(Ids.SchemaElement.Scale, ThriftType.I32, (long)type.Scale);
                    element.Set(Ids.SchemaElement.Precision, ThriftType.I32, (long)type.Precision);
                    break;
            }
        }
    }

    private static void SetType(ThriftStruct element, int convertedType, short logicalTypeId, ThriftStruct logicalTypeValue)
    {
        var logicalType = new ThriftStruct();
        logicalType.Set(logicalTypeId, ThriftType.Struct, logicalTypeValue);
        element.Set(Ids.SchemaElement.ConvertedType, ThriftType.I32, (long)convertedType);
        element.Set(Ids.SchemaElement.LogicalType, ThriftType.Struct, logicalType);
    }

    /// <summary>
    /// Says that min/max follow each type's defined order (UTF-8 bytes for strings, signed for
    /// numbers), as parquet-mr and Arrow write it; without it some readers distrust string statistics.
    /// </summary>
    private static void DeclareColumnOrders(ThriftStruct metadata, int columns)
    {
        if (metadata.Find(Ids.FileMetaData.ColumnOrders) is not null)
        {
            return;
        }

        var orders = new List<object>(columns);
        for (var i = 0; i < columns; i++)
        {
            var order = new ThriftStruct();
            order.Set(Ids.ColumnOrder.TypeOrder, ThriftType.Struct, new ThriftStruct());
            orders.Add(order);
        }

        metadata.Set(Ids.FileMetaData.ColumnOrders, ThriftType.List, new ThriftList(ThriftType.Struct, orders));
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
