using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Schema;

namespace Handoff.SparkJob.Delta.Protocol;

/// <summary>Decides whether this code may read or write a table with a given protocol and metadata.</summary>
public static class ProtocolCheck
{
    public const string ColumnMappingModeKey = "delta.columnMapping.mode";
    public const string AppendOnlyKey = "delta.appendOnly";

    /// <summary>Throws unless every reader requirement of <paramref name="protocol"/> is implemented.</summary>
    public static void EnsureReadable(ProtocolAction protocol, string table)
    {
        if (protocol.MinReaderVersion > TableFeatures.MaxReaderVersion || protocol.MinReaderVersion < 1)
        {
            throw new UnsupportedProtocolVersionException(
                protocol.MinReaderVersion,
                TableFeatures.MaxReaderVersion,
                forWriting: false,
                $"the Delta table {table} requires reader protocol version {protocol.MinReaderVersion}; this reader implements versions 1 to {TableFeatures.MaxReaderVersion}");
        }

        if (protocol.MinReaderVersion == 3)
        {
            var unsupported = (protocol.ReaderFeatures ?? []).Where(f => !TableFeatures.SupportedReaderFeatures.Contains(f)).ToList();
            if (unsupported.Count > 0)
            {
                throw new UnsupportedTableFeatureException(
                    unsupported[0],
                    $"the Delta table {table} uses the reader table feature{(unsupported.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unsupported.Select(f => $"'{f}'"))}, which this reader does not support (supported: {string.Join(", ", TableFeatures.SupportedReaderFeatures.Order(StringComparer.Ordinal))})");
            }
        }
    }

    /// <summary>The column mapping mode the reader must honour; none unless the protocol enables column mapping.</summary>
    public static ColumnMappingMode ColumnMappingOf(ProtocolAction protocol, MetadataAction metadata, string table)
    {
        var enabled = protocol.MinReaderVersion == 2
            || (protocol.MinReaderVersion == 3 && (protocol.ReaderFeatures ?? []).Contains(TableFeatures.ColumnMapping));
        if (!enabled || !metadata.Configuration.TryGetValue(ColumnMappingModeKey, out var mode) || mode is null)
        {
            return ColumnMappingMode.None;
        }

        return mode.ToLowerInvariant() switch
        {
            "none" => ColumnMappingMode.None,
            "name" => ColumnMappingMode.Name,
            "id" => ColumnMappingMode.Id,
            _ => throw new UnsupportedTableFeatureException(TableFeatures.ColumnMapping, $"the Delta table {table} uses column mapping mode '{mode}', which this reader does not know"),
        };
    }

    /// <summary>
    /// Throws unless this writer may commit to the table: writer protocol up to 2 (or 7 with only
    /// appendOnly/invariants), no reader features, no partitioning, no column invariants.
    /// </summary>
    public static void EnsureWritable(ProtocolAction protocol, MetadataAction metadata, DeltaStructType schema, string table)
    {
        EnsureReadable(protocol, table);
        if (protocol.MinReaderVersion == 3 && protocol.ReaderFeatures is { Count: > 0 } readerFeatures)
        {
            throw new UnsupportedTableFeatureException(
                readerFeatures[0],
                $"cannot write to the Delta table {table}: it uses the table feature '{readerFeatures[0]}', which this writer does not implement (it writes tables at reader version 1, writer version {TableFeatures.MaxWriterVersion})");
        }

        if (protocol.MinReaderVersion == 2)
        {
            throw new UnsupportedTableFeatureException(
                TableFeatures.ColumnMapping,
                $"cannot write to the Delta table {table}: reader version 2 means column mapping, which this writer does not implement");
        }

        if (protocol.MinWriterVersion == 7)
        {
            var unsupported = (protocol.WriterFeatures ?? []).Where(f => !TableFeatures.SupportedWriterFeatures.Contains(f)).ToList();
            if (unsupported.Count > 0)
            {
                throw new UnsupportedTableFeatureException(
                    unsupported[0],
                    $"cannot write to the Delta table {table}: it uses the writer table feature{(unsupported.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unsupported.Select(f => $"'{f}'"))}, which this writer does not implement");
            }
        }
        else if (protocol.MinWriterVersion > TableFeatures.MaxWriterVersion)
        {
            throw new UnsupportedProtocolVersionException(
                protocol.MinWriterVersion,
                TableFeatures.MaxWriterVersion,
                forWriting: true,
                $"cannot write to the Delta table {table}: it requires writer protocol version {protocol.MinWriterVersion}; this writer implements versions up to {TableFeatures.MaxWriterVersion} (and 7 with only appendOnly/invariants)");
        }

        if (metadata.PartitionColumns.Count > 0)
        {
            throw new DeltaException(
                DeltaErrorKind.InvalidTransaction,
                $"cannot write to the Delta table {table}: it is partitioned by {string.Join(", ", metadata.PartitionColumns)}, and this writer only writes unpartitioned tables");
        }

        var withInvariant = schema.Fields.FirstOrDefault(f => f.Metadata.ContainsKey(DeltaField.InvariantsKey));
        if (withInvariant is not null)
        {
            throw new UnsupportedTableFeatureException(
                TableFeatures.Invariants,
                $"cannot write to the Delta table {table}: column '{withInvariant.Name}' has a column invariant (delta.invariants), which this writer cannot evaluate");
        }
    }

    /// <summary>True when the table property delta.appendOnly forbids removing data.</summary>
    public static bool IsAppendOnly(MetadataAction metadata) =>
        metadata.Configuration.TryGetValue(AppendOnlyKey, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
