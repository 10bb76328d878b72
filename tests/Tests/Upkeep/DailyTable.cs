using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Upkeep;

/// <summary>A table refreshed day after day: one export per day under a prefix, each loaded by overwrite.</summary>
internal static class DailyTable
{
    /// <summary>Exports day1..dayN (with the given row counts) under <paramref name="exports"/> and loads each into <paramref name="table"/>; returns the manifests.</summary>
    public static async Task<List<string>> LoadOverwritesAsync(string exports, string table, string[] credentials, params int[] rows)
    {
        var manifests = new List<string>();
        for (var day = 1; day <= rows.Length; day++)
        {
            var manifest = await ExportAsync(exports, $"day{day}", rows[day - 1], credentials);
            var load = await Cli.SparkJobAsync(["load", "--manifest", manifest, "--table", table, .. credentials]);
            Assert.True(load.ExitCode == 0, load.ToString());
            manifests.Add(manifest);
        }

        return manifests;
    }

    public static async Task<string> ExportAsync(string exports, string id, int rows, string[] credentials)
    {
        var export = await Cli.ExporterAsync(["export", "--sample-rows", rows.ToString(System.Globalization.CultureInfo.InvariantCulture), "--to", exports, "--export-id", id, "--json", .. credentials]);
        Assert.True(export.ExitCode == 0, export.ToString());
        return export.Json().GetProperty("manifest").GetString()!;
    }

    /// <summary>The data files in the table folder (everything outside _delta_log/), as object paths.</summary>
    public static async Task<SortedSet<string>> DataFilesAsync(IObjectStore table)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var file in table.ListAsync(string.Empty, CancellationToken.None))
        {
            if (!file.Path.StartsWith("_delta_log/", StringComparison.Ordinal))
            {
                files.Add(file.Path);
            }
        }

        return files;
    }

    /// <summary>The live files of the table's latest version, as object paths.</summary>
    public static async Task<SortedSet<string>> LiveFilesAsync(IObjectStore table)
    {
        var snapshot = await DeltaLog.LoadSnapshotAsync(table, null, CancellationToken.None);
        return new SortedSet<string>(snapshot.Files.Select(f => Uri.UnescapeDataString(f.Path)), StringComparer.Ordinal);
    }
}
