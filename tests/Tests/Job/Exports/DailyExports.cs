using System.Globalization;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.Tests.Delta.Support;
using Handoff.Tests.Support;
using Handoff.Tests.Upkeep;
using Xunit;

namespace Handoff.Tests.Job.Exports;

/// <summary>
/// The daily refresh as a user runs it: one export a day under one prefix, and the same
/// <c>load --exports</c> command line every day. The table's rows are counted by DuckDB from
/// the table's live data files, per export folder, not by our own reader.
/// </summary>
internal sealed class DailyExports(string exports, string table, string[] credentials, TempFolder temp)
{
    public string Exports => exports;

    public string Table => table;

    public Task<string> ExportAsync(string id, int rows) => DailyTable.ExportAsync(exports, id, rows, credentials);

    public Task<CliResult> LoadAsync(params string[] extra) =>
        Cli.SparkJobAsync(["load", "--exports", exports, "--table", table, "--json", .. extra, .. credentials]);

    /// <summary>The same load as a person reads it (no --json).</summary>
    public Task<CliResult> LoadTextAsync(params string[] extra) =>
        Cli.SparkJobAsync(["load", "--exports", exports, "--table", table, .. extra, .. credentials]);

    public Task<CliResult> ValidateAsync(params string[] extra) =>
        Cli.SparkJobAsync(["validate", "--exports", exports, "--table", table, "--json", .. extra, .. credentials]);

    public async Task<long> VersionAsync()
    {
        var inspect = await Cli.SparkJobAsync(["inspect", "--table", table, "--json", .. credentials]);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        return inspect.Json().GetProperty("version").GetInt64();
    }

    /// <summary>The export ids each load of a --json run loaded (not skipped), in order.</summary>
    public static IReadOnlyList<string> Loaded(CliResult load) =>
        load.Json().GetProperty("loads").EnumerateArray().Where(l => !l.GetProperty("skipped").GetBoolean()).Select(l => l.GetProperty("exportId").GetString()!).ToList();

    /// <summary>The rows of the table's live data files, per export (the first folder of each file's path), as DuckDB counts them.</summary>
    public async Task<SortedDictionary<string, long>> RowsByExportAsync()
    {
        var store = ObjectStoreFactory.Open(StorageLocationParser.Parse(table), ConnectionString());
        var snapshot = await DeltaLog.LoadSnapshotAsync(store, null, CancellationToken.None);
        var folder = temp.Combine("rows-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var byExport = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var path in snapshot.Files.Select(f => Uri.UnescapeDataString(f.Path)))
        {
            var local = Path.Combine(folder, byExport.Values.Sum(l => l.Count).ToString(CultureInfo.InvariantCulture) + ".parquet");
            await using (var input = await store.OpenReadAsync(path, CancellationToken.None))
            await using (var output = File.Create(local))
            {
                await input.CopyToAsync(output);
            }

            var export = path[..path.IndexOf('/', StringComparison.Ordinal)];
            if (!byExport.TryGetValue(export, out var files))
            {
                byExport[export] = files = [];
            }

            files.Add(local);
        }

        using var duck = new DuckDb();
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (export, files) in byExport)
        {
            rows[export] = duck.Scalar<long>($"SELECT count(*) FROM read_parquet({DuckDb.FileList(files)})");
        }

        return rows;
    }

    private StorageCredentials ConnectionString()
    {
        var at = Array.IndexOf(credentials, "--connection-string");
        return at >= 0 ? new StorageCredentials { ConnectionString = credentials[at + 1] } : new StorageCredentials();
    }
}
