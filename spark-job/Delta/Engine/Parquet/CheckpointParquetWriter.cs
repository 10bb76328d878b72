using Handoff.Shared.Formats.Parquet;
using Handoff.SparkJob.Delta.Actions;
using Parquet;
using Parquet.Schema;

namespace Handoff.SparkJob.Delta.Engine.Parquet;

/// <summary>
/// Writes a classic (V1) checkpoint in the schema of PROTOCOL.md's "Checkpoint Schema", as Spark
/// writes it: one optional struct column per action (txn, add, remove, metaData, protocol), maps
/// as MAP key_value groups and lists as 3-level LISTs, stats as a JSON string; Spark's footer
/// metadata as in data files (<see cref="SparkFooterMetadata"/>).
/// </summary>
internal static class CheckpointParquetWriter
{
    private const int RowsPerGroup = 20_000;

    public static async Task WriteAsync(Stream destination, IReadOnlyCollection<IDeltaAction> actions, CancellationToken cancellationToken)
    {
        var (schema, columns) = Build();
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        await using var writer = await ParquetWriter.CreateAsync(schema, destination, options, append: false, cancellationToken);
        writer.CustomMetadata = SparkFooterMetadata.Entries.ToDictionary();
        foreach (var chunk in actions.Chunk(RowsPerGroup))
        {
            foreach (var column in columns)
            {
                column.Clear();
                foreach (var action in chunk)
                {
                    column.Append(action);
                }
            }

            using var rowGroup = writer.CreateRowGroup();
            foreach (var column in columns)
            {
                await column.WriteAsync(rowGroup, cancellationToken);
            }

            rowGroup.CompleteValidate();
        }
    }

    private static (ParquetSchema Schema, List<LeafColumnWriter<IDeltaAction>> Columns) Build()
    {
        var columns = new List<LeafColumnWriter<IDeltaAction>>();

        var txn = new StructField(
            "txn",
            Text(columns, "appId", a => a is TxnAction t ? (1, t.AppId) : (0, null)),
            Long(columns, "version", a => a is TxnAction t ? (1, t.Version) : (0, null)),
            Long(columns, "lastUpdated", a => a is TxnAction t ? (1, t.LastUpdated) : (0, null)));

        var add = new StructField(
            "add",
            Text(columns, "path", a => a is AddFile f ? (1, f.Path) : (0, null)),
            Map(columns, "partitionValues", a => a is AddFile f ? (1, f.PartitionValues) : (0, null)),
            Long(columns, "size", a => a is AddFile f ? (1, f.Size) : (0, null)),
            Long(columns, "modificationTime", a => a is AddFile f ? (1, f.ModificationTime) : (0, null)),
            Bool(columns, "dataChange", a => a is AddFile f ? (1, f.DataChange) : (0, null)),
            Map(columns, "tags", a => a is AddFile f ? (1, f.Tags) : (0, null)),
            DeletionVector(columns, a => a is AddFile f ? (true, f.DeletionVector) : (false, null)),
            Long(columns, "baseRowId", a => a is AddFile f ? (1, f.BaseRowId) : (0, null)),
            Long(columns, "defaultRowCommitVersion", a => a is AddFile f ? (1, f.DefaultRowCommitVersion) : (0, null)),
            Text(columns, "stats", a => a is AddFile f ? (1, f.Stats) : (0, null)));

        var remove = new StructField(
            "remove",
            Text(columns, "path", a => a is RemoveFile r ? (1, r.Path) : (0, null)),
            Long(columns, "deletionTimestamp", a => a is RemoveFile r ? (1, r.DeletionTimestamp) : (0, null)),
            Bool(columns, "dataChange", a => a is RemoveFile r ? (1, r.DataChange) : (0, null)),
            Bool(columns, "extendedFileMetadata", a => a is RemoveFile r ? (1, r.ExtendedFileMetadata) : (0, null)),
            Map(columns, "partitionValues", a => a is RemoveFile r ? (1, r.PartitionValues) : (0, null)),
            Long(columns, "size", a => a is RemoveFile r ? (1, r.Size) : (0, null)),
            DeletionVector(columns, a => a is RemoveFile r ? (true, r.DeletionVector) : (false, null)),
            Long(columns, "baseRowId", a => a is RemoveFile r ? (1, r.BaseRowId) : (0, null)),
            Long(columns, "defaultRowCommitVersion", a => a is RemoveFile r ? (1, r.DefaultRowCommitVersion) : (0, null)));

        var metaData = new StructField(
            "metaData",
            Text(columns, "id", a => a is MetadataAction m ? (1, m.Id) : (0, null)),
            Text(columns, "name", a => a is MetadataAction m ? (1, m.Name) : (0, null)),
            Text(columns, "description", a => a is MetadataAction m ? (1, m.Description) : (0, null)),
            new StructField(
                "format",
                Text(columns, "provider", a => a is MetadataAction m ? (2, m.FormatProvider) : (0, null)),
                Map(columns, "options", a => a is MetadataAction m ? (2, m.FormatOptions) : (0, null))),
            Text(columns, "schemaString", a => a is MetadataAction m ? (1, m.SchemaString) : (0, null)),
            List(columns, "partitionColumns", a => a is MetadataAction m ? (1, m.PartitionColumns) : (0, null)),
            Map(columns, "configuration", a => a is MetadataAction m ? (1, m.Configuration) : (0, null)),
            Long(columns, "createdTime", a => a is MetadataAction m ? (1, m.CreatedTime) : (0, null)));

        var protocol = new StructField(
            "protocol",
            Int(columns, "minReaderVersion", a => a is ProtocolAction p ? (1, p.MinReaderVersion) : (0, null)),
            Int(columns, "minWriterVersion", a => a is ProtocolAction p ? (1, p.MinWriterVersion) : (0, null)),
            List(columns, "readerFeatures", a => a is ProtocolAction p ? (1, p.ReaderFeatures) : (0, null)),
            List(columns, "writerFeatures", a => a is ProtocolAction p ? (1, p.WriterFeatures) : (0, null)));

        var schema = new ParquetSchema(txn, add, remove, metaData, protocol);

        // Column writers were registered in declaration order, which is the schema's leaf order
        // that Parquet requires columns to be written in.
        var leaves = schema.GetDataFields();
        if (leaves.Length != columns.Count)
        {
            throw new InvalidOperationException($"checkpoint schema has {leaves.Length} leaves but {columns.Count} column writers");
        }

        return (schema, columns);
    }

    private static DataField Text(List<LeafColumnWriter<IDeltaAction>> columns, string name, Func<IDeltaAction, (int, string?)> select)
    {
        var field = new DataField<string>(name, nullable: true);
        columns.Add(new ScalarColumnWriter<IDeltaAction, ReadOnlyMemory<char>>(field, a =>
        {
            var (parents, value) = select(a);
            return (parents, value is null ? (ReadOnlyMemory<char>?)null : value.AsMemory());
        }));
        return field;
    }

    private static DataField Long(List<LeafColumnWriter<IDeltaAction>> columns, string name, Func<IDeltaAction, (int, long?)> select)
    {
        var field = new DataField<long>(name, nullable: true);
        columns.Add(new ScalarColumnWriter<IDeltaAction, long>(field, select));
        return field;
    }

    private static DataField Int(List<LeafColumnWriter<IDeltaAction>> columns, string name, Func<IDeltaAction, (int, int?)> select)
    {
        var field = new DataField<int>(name, nullable: true);
        columns.Add(new ScalarColumnWriter<IDeltaAction, int>(field, select));
        return field;
    }

    private static DataField Bool(List<LeafColumnWriter<IDeltaAction>> columns, string name, Func<IDeltaAction, (int, bool?)> select)
    {
        var field = new DataField<bool>(name, nullable: true);
        columns.Add(new ScalarColumnWriter<IDeltaAction, bool>(field, select));
        return field;
    }

    private static MapField Map(List<LeafColumnWriter<IDeltaAction>> columns, string name, Func<IDeltaAction, (int, IReadOnlyDictionary<string, string?>?)> select)
    {
        var key = new DataField<string>("key", nullable: false);
        var value = new DataField<string>("value", nullable: true);
        columns.Add(new RepeatedColumnWriter<IDeltaAction, ReadOnlyMemory<char>>(key, a =>
        {
            var (parents, map) = select(a);
            return (parents, map?.Keys.Select(k => (ReadOnlyMemory<char>?)k.AsMemory()).ToList());
        }));
        columns.Add(new RepeatedColumnWriter<IDeltaAction, ReadOnlyMemory<char>>(value, a =>
        {
            var (parents, map) = select(a);
            return (parents, map?.Values.Select(v => v is null ? null : (ReadOnlyMemory<char>?)v.AsMemory()).ToList());
        }));
        return new MapField(name, key, value);
    }

    private static ListField List(List<LeafColumnWriter<IDeltaAction>> columns, string name, Func<IDeltaAction, (int, IReadOnlyList<string>?)> select)
    {
        var element = new DataField<string>("element", nullable: true);
        columns.Add(new RepeatedColumnWriter<IDeltaAction, ReadOnlyMemory<char>>(element, a =>
        {
            var (parents, list) = select(a);
            return (parents, list?.Select(v => (ReadOnlyMemory<char>?)v.AsMemory()).ToList());
        }));
        return new ListField(name, element);
    }

    private static StructField DeletionVector(List<LeafColumnWriter<IDeltaAction>> columns, Func<IDeltaAction, (bool ParentPresent, DeletionVectorDescriptor? Dv)> select)
    {
        int Parents((bool ParentPresent, DeletionVectorDescriptor? Dv) s) => !s.ParentPresent ? 0 : s.Dv is null ? 1 : 2;
        return new StructField(
            "deletionVector",
            Text(columns, "storageType", a => select(a) is var s ? (Parents(s), s.Dv?.StorageType) : default),
            Text(columns, "pathOrInlineDv", a => select(a) is var s ? (Parents(s), s.Dv?.PathOrInlineDv) : default),
            Int(columns, "offset", a => select(a) is var s ? (Parents(s), s.Dv?.Offset) : default),
            Int(columns, "sizeInBytes", a => select(a) is var s ? (Parents(s), s.Dv?.SizeInBytes) : default),
            Long(columns, "cardinality", a => select(a) is var s ? (Parents(s), s.Dv?.Cardinality) : default),
            Long(columns, "maxRowIndex", a => select(a) is var s ? (Parents(s), s.Dv?.MaxRowIndex) : default));
    }
}
