using Handoff.Shared.Formats;
using Handoff.Shared.Formats.Parquet;
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
