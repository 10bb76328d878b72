using Handoff.Shared.Cli;
using System.Globalization;
using Handoff.Exporter.Export;
using Handoff.Shared.Progress;

namespace Handoff.Exporter.Cli;

/// <summary>What an export prints when it is committed: a table for people, one JSON object for scripts.</summary>
internal static class ExportSummary
{
    /// <summary>
    /// Two lines: what was committed, and where its manifest is. <c>run</c> prints this rather
    /// than the file table, so that its whole output fits on a screen (with --verbose, the table).
    /// </summary>
    public static void WriteHeadline(ExportResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var manifest = result.Manifest;
        var files = manifest.Files.Count == 1 ? "1 file" : string.Create(CultureInfo.InvariantCulture, $"{manifest.Files.Count:N0} files");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"export {manifest.ExportId} committed: {manifest.RowCount:N0} rows, {manifest.Schema.Count} columns, {files} ({Units.Bytes(manifest.Files.Sum(f => f.Bytes))}, {manifest.Format.Type.ToString().ToLowerInvariant()} {manifest.Format.Compression}) in {Units.Duration(result.Elapsed)}"));
        output.WriteLine($"  manifest  {result.ManifestLocation}");
    }

    public static void Write(ExportResult result, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var manifest = result.Manifest;
        if (json)
        {
            output.WriteLine(CliJson.Serialize(new
            {
                exportId = manifest.ExportId,
                manifest = result.ManifestLocation,
                rowCount = manifest.RowCount,
                files = manifest.Files.Select(f => new { path = f.Path, rows = f.Rows, bytes = f.Bytes, checksum = f.Checksum }),
                elapsedMs = (long)result.Elapsed.TotalMilliseconds,
            }));
            return;
        }

        output.WriteLine($"export {manifest.ExportId} committed");
        output.WriteLine($"  manifest  {result.ManifestLocation}");
        output.WriteLine($"  format    {manifest.Format.Type.ToString().ToLowerInvariant()} ({manifest.Format.Compression})");
        output.WriteLine($"  columns   {manifest.Schema.Count}");
        output.WriteLine($"  rows      {manifest.RowCount:N0}");
        output.WriteLine($"  elapsed   {result.Elapsed.TotalSeconds:0.00} s");
        output.WriteLine();
        var width = Math.Max(4, manifest.Files.Max(f => f.Path.Length));
        output.WriteLine($"  {"file".PadRight(width)}  {"rows",12}  {"bytes",12}  checksum");
        foreach (var file in manifest.Files)
        {
            output.WriteLine($"  {file.Path.PadRight(width)}  {file.Rows,12:N0}  {file.Bytes,12:N0}  {file.Checksum}");
        }
    }
}
