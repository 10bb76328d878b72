using System.Text;
using Handoff.Shared.Formats.Parquet.Thrift;
using Handoff.Shared.Input;
using Handoff.Shared.Schema;
using Ids = Handoff.Shared.Formats.Parquet.Thrift.ParquetThriftIds;

namespace Handoff.Shared.Formats.Parquet;

/// <summary>A leaf column of a Parquet file's schema as its footer declares it.</summary>
/// <param name="Name">The dotted path of the column.</param>
/// <param name="PhysicalType">BOOLEAN INT32 INT64 INT96 FLOAT DOUBLE BYTE_ARRAY FIXED_LEN_BYTE_ARRAY.</param>
/// <param name="TimestampUnit">MILLIS, MICROS or NANOS for a TIMESTAMP column, else null.</param>
/// <param name="TimestampAdjustedToUtc">isAdjustedToUTC of a TIMESTAMP column, else null.</param>
public sealed record ParquetFooterColumn(string Name, string PhysicalType, int? ConvertedType, string? TimestampUnit, bool? TimestampAdjustedToUtc, int? Precision, int? Scale);

/// <summary>The statistics of one column chunk, raw as the footer stores them (plain encoding).</summary>
public sealed record ParquetChunkStatistics(long ValueCount, long? NullCount, byte[]? Min, byte[]? Max);

public sealed record ParquetRowGroupFooter(long RowCount, IReadOnlyList<ParquetChunkStatistics> Columns);

/// <summary>File-wide statistics of a column: null count and min/max as CLR values (see <see cref="Data.ClrTypes"/>); null when unknown.</summary>
public sealed record ParquetColumnStatistics(long? NullCount, object? Min, object? Max);

/// <summary>What a Parquet footer says: row count, schema leaves and per-row-group statistics.</summary>
public sealed class ParquetFooter
{
    private ParquetFooter(long rowCount, string? createdBy, IReadOnlyDictionary<string, string?> keyValueMetadata, IReadOnlyList<ParquetFooterColumn> columns, IReadOnlyList<ParquetRowGroupFooter> rowGroups)
    {
        RowCount = rowCount;
        CreatedBy = createdBy;
        KeyValueMetadata = keyValueMetadata;
        Columns = columns;
        RowGroups = rowGroups;
    }

    public long RowCount { get; }

    public string? CreatedBy { get; }

    /// <summary>The footer's key/value metadata (such as <see cref="SparkFooterMetadata.VersionKey"/>); a repeated key keeps its last value.</summary>
    public IReadOnlyDictionary<string, string?> KeyValueMetadata { get; }

    public IReadOnlyList<ParquetFooterColumn> Columns { get; }

    public IReadOnlyList<ParquetRowGroupFooter> RowGroups { get; }

    /// <summary>
    /// The file-wide null count, min and max of a column, decoded as <paramref name="type"/>.
    /// Min/max are null when any row group with values lacks them (or they cannot be decoded);
    /// strings compare in UTF-8 byte order, as Parquet and Spark do.
    /// </summary>
    public ParquetColumnStatistics Statistics(string column, LogicalType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var index = -1;
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == column)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            throw new ArgumentException($"the Parquet file has no column '{column}'", nameof(column));
        }

        long? nullCount = 0;
        object? min = null;
        object? max = null;
        var bounded = true;
        foreach (var rowGroup in RowGroups)
        {
            var chunk = rowGroup.Columns[index];
            nullCount = chunk.NullCount is { } n ? nullCount + n : null;
            if (chunk.NullCount is { } nulls && nulls >= chunk.ValueCount)
            {
                continue;
            }

            var chunkMin = ParquetStatisticsDecoder.Decode(chunk.Min, Columns[index], type);
            var chunkMax = ParquetStatisticsDecoder.Decode(chunk.Max, Columns[index], type);
            if (chunkMin is null || chunkMax is null)
            {
                bounded = false;
                continue;
            }

            min = min is null || ParquetStatisticsDecoder.Compare(chunkMin, min) < 0 ? chunkMin : min;
            max = max is null || ParquetStatisticsDecoder.Compare(chunkMax, max) > 0 ? chunkMax : max;
        }

        return bounded ? new ParquetColumnStatistics(nullCount, min, max) : new ParquetColumnStatistics(nullCount, null, null);
    }

    internal static ParquetFooter Parse(ThriftStruct metadata)
    {
        var rowCount = metadata.Integer(Ids.FileMetaData.NumRows) ?? throw new InputFormatException("the Parquet footer has no row count");
        var createdBy = metadata.Binary(Ids.FileMetaData.CreatedBy) is { } text ? Encoding.UTF8.GetString(text) : null;
        var keyValues = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (ThriftStruct entry in metadata.List(Ids.FileMetaData.KeyValueMetadata)?.Items ?? [])
        {
            if (entry.Binary(Ids.KeyValue.Key) is { } key)
            {
                keyValues[Encoding.UTF8.GetString(key)] = entry.Binary(Ids.KeyValue.Value) is { } value ? Encoding.UTF8.GetString(value) : null;
            }
        }

        var columns = ParseLeaves(metadata);
        var rowGroups = new List<ParquetRowGroupFooter>();
        foreach (ThriftStruct rowGroup in metadata.List(Ids.FileMetaData.RowGroups)?.Items ?? [])
        {
            var chunks = new List<ParquetChunkStatistics>();
            var items = rowGroup.List(Ids.RowGroup.Columns)?.Items ?? [];
            if (items.Count != columns.Count)
            {
                throw new InputFormatException($"a Parquet row group has {items.Count} column chunks for {columns.Count} columns");
            }

            for (var c = 0; c < items.Count; c++)
            {
                var meta = ((ThriftStruct)items[c]).Struct(Ids.ColumnChunk.MetaData);
                var statistics = meta?.Struct(Ids.ColumnMetaData.Statistics);

                // The deprecated min/max compare bytes as signed, which is wrong for strings and binary.
                var legacyUsable = columns[c].PhysicalType is not ("BYTE_ARRAY" or "FIXED_LEN_BYTE_ARRAY");
                chunks.Add(new ParquetChunkStatistics(
                    meta?.Integer(Ids.ColumnMetaData.NumValues) ?? 0,
                    statistics?.Integer(Ids.Statistics.NullCount),
                    statistics?.Binary(Ids.Statistics.MinValue) ?? (legacyUsable ? statistics?.Binary(Ids.Statistics.Min) : null),
                    statistics?.Binary(Ids.Statistics.MaxValue) ?? (legacyUsable ? statistics?.Binary(Ids.Statistics.Max) : null)));
            }

            rowGroups.Add(new ParquetRowGroupFooter(rowGroup.Integer(Ids.RowGroup.NumRows) ?? 0, chunks));
        }

        return new ParquetFooter(rowCount, createdBy, keyValues, columns, rowGroups);
    }

    private static List<ParquetFooterColumn> ParseLeaves(ThriftStruct metadata)
    {
        var elements = metadata.List(Ids.FileMetaData.Schema)?.Items ?? throw new InputFormatException("the Parquet footer has no schema");
        var leaves = new List<ParquetFooterColumn>();
        var position = 1;
        var rootChildren = elements.Count > 0 ? (int)(((ThriftStruct)elements[0]).Integer(Ids.SchemaElement.NumChildren) ?? 0) : 0;
        for (var i = 0; i < rootChildren; i++)
        {
            AddLeaves(elements, ref position, string.Empty, leaves, 0);
        }

        return leaves;
    }

    private static void AddLeaves(List<object> elements, ref int position, string prefix, List<ParquetFooterColumn> leaves, int depth)
    {
        if (position >= elements.Count || depth > 64)
        {
            throw new InputFormatException("the Parquet schema in the footer is malformed");
        }

        var element = (ThriftStruct)elements[position++];
        var name = prefix + Encoding.UTF8.GetString(element.Binary(Ids.SchemaElement.Name) ?? []);
        var children = (int)(element.Integer(Ids.SchemaElement.NumChildren) ?? 0);
        if (children > 0)
        {
            for (var i = 0; i < children; i++)
            {
                AddLeaves(elements, ref position, name + ".", leaves, depth + 1);
            }

            return;
        }

        var timestamp = element.Struct(Ids.SchemaElement.LogicalType)?.Struct(Ids.LogicalType.Timestamp);
        var unit = timestamp?.Struct(Ids.TimestampType.Unit);
        string? unitName = unit is null ? null
            : unit.Find(Ids.TimeUnit.Micros) is not null ? "MICROS"
            : unit.Find(Ids.TimeUnit.Millis) is not null ? "MILLIS"
            : "NANOS";
        var converted = (int?)element.Integer(Ids.SchemaElement.ConvertedType);
        if (unitName is null && converted is Ids.ConvertedType.TimestampMillis or Ids.ConvertedType.TimestampMicros)
        {
            unitName = converted == Ids.ConvertedType.TimestampMillis ? "MILLIS" : "MICROS";
        }

        leaves.Add(new ParquetFooterColumn(
            name,
            PhysicalTypeName(element.Integer(Ids.SchemaElement.Type)),
            converted,
            unitName,
            timestamp?.Boolean(Ids.TimestampType.IsAdjustedToUtc),
            (int?)element.Integer(Ids.SchemaElement.Precision),
            (int?)element.Integer(Ids.SchemaElement.Scale)));
    }

    private static string PhysicalTypeName(long? type) => type switch
    {
        Ids.Type.Boolean => "BOOLEAN",
        Ids.Type.Int32 => "INT32",
        Ids.Type.Int64 => "INT64",
        Ids.Type.Int96 => "INT96",
        Ids.Type.Float => "FLOAT",
        Ids.Type.Double => "DOUBLE",
        Ids.Type.ByteArray => "BYTE_ARRAY",
        Ids.Type.FixedLenByteArray => "FIXED_LEN_BYTE_ARRAY",
        _ => "UNKNOWN",
    };
}
