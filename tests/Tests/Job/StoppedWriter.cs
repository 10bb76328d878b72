using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Engines;
using Handoff.SparkJob.Engines.Embedded;
using Handoff.SparkJob.Job;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job;

/// <summary>
/// A writer stopped between its data files and its commit leaves the table unchanged, and its
/// orphan files are never referenced by later commits.
/// </summary>
internal static class StoppedWriter
{
    public static async Task RunAsync(string exportsLocation, string tableLocation, StorageCredentials credentials, string[] credentialArgs)
    {
        var first = await ExportAsync(exportsLocation, "first", credentialArgs);
        var stopped = await ExportAsync(exportsLocation, "stopped", credentialArgs);
        var load = await Cli.SparkJobAsync(["load", "--manifest", first, "--table", tableLocation, .. credentialArgs]);
        Assert.True(load.ExitCode == 0, load.ToString());
        var tableStore = ObjectStoreFactory.Open(tableLocation, credentials);
        var before = await DeltaLog.LoadSnapshotAsync(tableStore, null, CancellationToken.None);

        // The stopped writer gets as far as writing its data files into the table folder.
        var export = await ExportReference.OpenAsync(stopped, credentials, CancellationToken.None);
        var importer = new DataFileImporter(export.Folder, tableStore, new DeltaTable(tableStore), export.Manifest, TableFileLayout.NewLoadId(DateTimeOffset.UtcNow));
        var orphan = await importer.ImportAsync(export.Manifest.Files[0], CancellationToken.None);
        Assert.NotNull(await tableStore.GetAsync(orphan.DataFile.Path, CancellationToken.None));

        var after = await DeltaLog.LoadSnapshotAsync(tableStore, null, CancellationToken.None);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(await before.CountRowsAsync(CancellationToken.None), await after.CountRowsAsync(CancellationToken.None));
        Assert.DoesNotContain(after.Files, f => f.Path.Contains("stopped", StringComparison.Ordinal));

        // A later load by another export never references the orphan.
        var third = await ExportAsync(exportsLocation, "third", credentialArgs);
        var append = await Cli.SparkJobAsync(["load", "--manifest", third, "--table", tableLocation, "--mode", "append", .. credentialArgs]);
        Assert.True(append.ExitCode == 0, append.ToString());
        var latest = await DeltaLog.LoadSnapshotAsync(tableStore, null, CancellationToken.None);
        Assert.DoesNotContain(latest.Files, f => f.Path.Contains("stopped", StringComparison.Ordinal));
        Assert.Equal(100, await latest.CountRowsAsync(CancellationToken.None));
    }

    private static async Task<string> ExportAsync(string exportsLocation, string exportId, string[] credentialArgs)
    {
        var result = await Cli.ExporterAsync(["export", "--sample-rows", "50", "--to", exportsLocation, "--export-id", exportId, "--json", .. credentialArgs]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json().GetProperty("manifest").GetString()!;
    }
}
