using Handoff.Shared.Formats;
using Handoff.Shared.Formats.Parquet;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Storage;

namespace Handoff.SparkJob.Engines;

/// <summary>
/// Refuses a Parquet export whose files do not hold exactly the manifest's columns: readers given
/// the manifest's schema (ours, Spark's) would otherwise drop a column the manifest leaves out,
/// or read one it lists but the file lacks as all nulls, in silence. Only footers are read. (CSV
/// headers, NDJSON keys and Avro schemas are checked by their readers as they parse.)
/// </summary>
public static class ExportColumnsCheck
{
    private const int Parallelism = 4;

    public static async Task EnsureMatchAsync(ExportReference export, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        var manifest = export.Manifest;
        if (manifest.Format.Type != FileFormat.Parquet)
        {
            return;
        }

        var expected = manifest.Schema.Select(c => c.Name).ToList();
        await Parallel.ForEachAsync(
            manifest.Files,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (file, ct) =>
            {
                var columns = (await ReadFooterAsync(export.Folder, file.Path, ct)).Columns.Select(c => c.Name).ToList();
                var extra = columns.Except(expected, StringComparer.Ordinal).ToList();
                var missing = expected.Except(columns, StringComparer.Ordinal).ToList();
                if (extra.Count > 0 || missing.Count > 0)
                {
                    var parts = new List<string>();
                    if (extra.Count > 0)
                    {
                        parts.Add($"the file has {Names(extra)}, which the manifest's schema does not list");
                    }

                    if (missing.Count > 0)
                    {
                        parts.Add($"the manifest's schema lists {Names(missing)}, which the file lacks");
                    }

                    throw new InputDataException($"file {file.Path}: its columns differ from the manifest's schema: {string.Join("; ", parts)}; nothing was loaded");
                }
            });
    }

    private static string Names(IReadOnlyList<string> names) =>
        (names.Count == 1 ? "column " : "columns ") + string.Join(", ", names.Select(n => $"'{n}'"));

    /// <summary>A Parquet file's footer; a file that is not Parquet is bad input, naming it.</summary>
    internal static async Task<ParquetFooter> ReadFooterAsync(IObjectStore folder, string path, CancellationToken cancellationToken)
    {
        await using var stream = await folder.OpenReadAsync(path, cancellationToken);
        try
        {
            return await ParquetFiles.ReadFooterAsync(stream, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException and not StorageException)
        {
            throw new InputDataException($"file {path} is not a readable Parquet file: {error.Message}", error);
        }
    }
}
