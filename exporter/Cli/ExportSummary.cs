using Handoff.Shared.Cli;
using System.Text.Json;
using Handoff.Exporter.Export;

namespace Handoff.Exporter.Cli;

/// <summary>What an export prints when it is committed: a table for people, one JSON object for scripts.</summary>
internal static class ExportSummary
{
    public static void Write(ExportResult result, bool json, TextWriter output)
    {
        var manifest = result.Manifest;
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
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
