using System.Globalization;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Delta.Actions;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job;

/// <summary>
/// Issue 12's campaign, as a test: four exports appended to one table at the same time, each of
/// them twice, on the default stream, for several rounds. Every export is committed exactly once
/// (whichever createdAt commits first), the table holds the sum of their rows, the duplicate loads
/// report "skipped" with exit 0, and no data file is left in the table folder that the log does
/// not reference.
/// </summary>
internal static class ConcurrentAppends
{
    private const int Rounds = 5;
    private const int Exports = 4;
    private const int RowsPerExport = 7;

    public static async Task RunAsync(string exportsLocation, string tableLocation, StorageCredentials credentials, string[] credentialArgs)
    {
        for (var round = 0; round < Rounds; round++)
        {
            var table = $"{tableLocation}-{round}";
            var manifests = new string[Exports];
            for (var i = 0; i < Exports; i++)
            {
                var export = await Cli.ExporterAsync(["export", "--sample-rows", RowsPerExport.ToString(CultureInfo.InvariantCulture), "--to", exportsLocation, "--export-id", $"r{round}e{i}", "--json", .. credentialArgs]);
                Assert.True(export.ExitCode == 0, export.ToString());
                manifests[i] = export.Json().GetProperty("manifest").GetString()!;
            }

            // Each export twice, newest first half the time, all at once.
            var order = Enumerable.Range(0, Exports * 2).Select(n => n % Exports).ToList();
            if (round % 2 == 1)
            {
                order.Reverse();
            }

            var loads = await Task.WhenAll(order.Select(i => Task.Run(() => Cli.SparkJobAsync(["load", "--manifest", manifests[i], "--table", table, "--mode", "append", "--json", .. credentialArgs]))));
            foreach (var load in loads)
            {
                Assert.True(load.ExitCode == 0, load.ToString());
            }

            Assert.Equal(Exports, loads.Count(l => !l.Json().GetProperty("skipped").GetBoolean()));

            var store = ObjectStoreFactory.Open(table, credentials);
            var snapshot = await DeltaLog.LoadSnapshotAsync(store, null, CancellationToken.None);
            Assert.Equal(Exports - 1, snapshot.Version);
            Assert.Equal(Exports * RowsPerExport, await snapshot.CountRowsAsync(CancellationToken.None));
            var live = snapshot.Files.Select(f => FilePaths.ToObjectPath(f.Path)).ToList();
            Assert.Equal(Enumerable.Range(0, Exports).Select(i => $"r{round}e{i}"), live.Select(p => p.Split('/')[0]).Order(StringComparer.Ordinal));
            Assert.Equal(Exports, snapshot.AppTransactions.Keys.Count(k => k.Contains("#export=", StringComparison.Ordinal)));

            var stored = new List<string>();
            await foreach (var item in store.ListAsync(string.Empty, CancellationToken.None))
            {
                if (!item.Path.StartsWith("_delta_log/", StringComparison.Ordinal))
                {
                    stored.Add(item.Path);
                }
            }

            Assert.Equal(live.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        }
    }
}
