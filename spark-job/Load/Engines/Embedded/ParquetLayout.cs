using Handoff.Shared.Formats;
using Handoff.Shared.Formats.Parquet;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;

namespace Handoff.SparkJob.Engines.Embedded;

/// <summary>
/// Whether a Parquet file's columns are encoded exactly as our writer encodes a schema (names,
/// physical types, logical annotations, timestamp unit, decimal precision and scale). Such a
/// file can go into the table as it is. The reference is the footer of an empty file our own
/// writer produces, so this check can never drift from the writer.
/// </summary>
internal static class ParquetLayout
{
    public static async Task<IReadOnlyList<ParquetFooterColumn>> ExpectedAsync(TableSchema schema, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var writer = RowBatchFormats.CreateWriter(new FormatSpec(FileFormat.Parquet, "none"), schema, buffer))
        {
            await writer.CompleteAsync(cancellationToken);
        }

        buffer.Position = 0;
        return (await ParquetFiles.ReadFooterAsync(buffer, cancellationToken)).Columns;
    }

    /// <summary>
    /// True when Spark reads the file's dates and timestamps as they are stored whatever the
    /// session sets: its footer names a Spark 3 writer with no legacy-calendar key (see
    /// <see cref="SparkFooterMetadata"/>), or it has no date or timestamp column. A file without
    /// the key (an export written before we set it, DuckDB's or another writer's) is read by Spark
    /// 3.x under spark.sql.parquet.datetimeRebaseModeInRead, which by default fails on dates
    /// before 1582-10-15; so such a file is rewritten by our writer rather than copied.
    /// </summary>
    public static bool SparkReadsDatesAsStored(ParquetFooter footer, TableSchema schema)
    {
        if (!schema.Any(c => c.Type.Kind is LogicalKind.Date or LogicalKind.Timestamp))
        {
            return true;
        }

        return footer.KeyValueMetadata.TryGetValue(SparkFooterMetadata.VersionKey, out var version)
            && string.CompareOrdinal(version, "3.1.0") >= 0
            && !footer.KeyValueMetadata.Keys.Any(k => k.StartsWith(SparkFooterMetadata.LegacyKeyPrefix, StringComparison.Ordinal));
    }

    /// <summary>The first difference, as a sentence, or null when the layouts are the same.</summary>
    public static string? Problem(ParquetFooter footer, IReadOnlyList<ParquetFooterColumn> expected)
    {
        if (footer.Columns.Count != expected.Count)
        {
            return $"the file has {footer.Columns.Count} columns; the manifest schema has {expected.Count}";
        }

        for (var i = 0; i < expected.Count; i++)
        {
            if (footer.Columns[i] != expected[i])
            {
                return $"column {i + 1} is {footer.Columns[i]}; our writer would write {expected[i]}";
            }
        }

        return null;
    }
}
