using System.Globalization;
using Handoff.Exporter.Sources;
using Handoff.Shared.Manifest;
using Handoff.Shared.Exports.Listing;
using Handoff.Shared.Storage;

namespace Handoff.Benchmarks;

/// <summary>
/// Issue 13's target for <c>load --exports</c>: finding the newest of 1,000 committed exports
/// under a prefix costs at most 3× reading one manifest. The prefix holds 1,000 daily exports
/// (one real export's data file linked into every folder, each with its own manifest: createdAt
/// one day apart, the manifest written 40 minutes after it) and 10 folders without a manifest.
/// Each side runs in a fresh child process and is timed from its first call: ours lists the
/// prefix once and finds the newest (<see cref="NewestCommittedExport"/>), the reference opens
/// and parses the newest export's manifest.json alone.
/// </summary>
internal static class ExportsPrefixBenchmark
{
    public const int Exports = 1_000;
    private const double Target = 3.0;

    public static async Task<bool> RunAsync(BenchmarkOptions options, DirectoryInfo work, ResultTable table)
    {
        var prefix = Path.Combine(work.FullName, "daily");
        Console.Error.WriteLine($"building {Exports:N0} committed exports under one prefix ...");
        var newest = await BuildAsync(work, prefix);

        Console.Error.WriteLine("  newest of 1,000 exports vs one manifest ...");
        var (find, read) = await options.MeasureAlternatelyAsync(
            _ => ChildProcess.MeasureAsync("newest-export", prefix),
            _ => ChildProcess.MeasureAsync("read-manifest", Path.Combine(prefix, newest)),
            options.QuickRepeat);
        var ratio = find.Seconds / read.Seconds;
        var passed = ratio <= Target;
        table.Add(
            Exports.ToString("N0", CultureInfo.InvariantCulture) + " exports",
            "find the newest committed export (list once)",
            Ms(find.Seconds),
            find.CpuText,
            "read and parse its manifest.json",
            Ms(read.Seconds),
            read.CpuText,
            ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x",
            "<= " + Target.ToString("0.00", CultureInfo.InvariantCulture) + "x",
            (find.PeakRssBytes / 1_000_000.0).ToString("0.00", CultureInfo.InvariantCulture),
            passed ? "ok" : "MISSED");

        // For scale, not judged: what reading every committed manifest (as append must, and as the
        // exports listing does) costs against the same reference.
        var all = await options.MeasureAsync(_ => ChildProcess.MeasureAsync("all-manifests", prefix), options.Repeat);
        table.Add(
            Exports.ToString("N0", CultureInfo.InvariantCulture) + " exports",
            "read every committed manifest (for scale)",
            Ms(all.Seconds),
            all.CpuText,
            "read and parse its manifest.json",
            Ms(read.Seconds),
            read.CpuText,
            (all.Seconds / read.Seconds).ToString("0.00", CultureInfo.InvariantCulture) + "x",
            "-",
            (all.PeakRssBytes / 1_000_000.0).ToString("0.00", CultureInfo.InvariantCulture),
            "-");
        return passed;
    }

    /// <summary>For scale: every committed manifest read (<see cref="ExportsUnderPrefix"/>).</summary>
    public static async Task<int> ReadAllManifestsAsync(string prefix)
    {
        var exports = await ExportsUnderPrefix.ReadAsync(new LocalObjectStore(prefix), CancellationToken.None);
        return exports.Committed.Count == Exports ? 0 : 1;
    }

    /// <summary>The child side of ours: one listing, the newest found; fails when it is not the last day.</summary>
    public static async Task<int> FindNewestAsync(string prefix)
    {
        var store = new LocalObjectStore(prefix);
        var folders = await ExportFolders.ListAsync(store, CancellationToken.None);
        var found = await NewestCommittedExport.FindAsync(store, folders, CancellationToken.None);
        return found.Newest?.Manifest?.ExportId == Name(Exports - 1) ? 0 : 1;
    }

    /// <summary>The child side of the reference: one manifest opened and parsed.</summary>
    public static async Task<int> ReadManifestAsync(string folder)
    {
        var store = new LocalObjectStore(folder);
        await using var stream = await store.OpenReadAsync(ManifestJson.FileName, CancellationToken.None);
        var manifest = await ManifestJson.ReadAsync(stream, CancellationToken.None);
        return manifest.Files.Count > 0 ? 0 : 1;
    }

    private static async Task<string> BuildAsync(DirectoryInfo work, string prefix)
    {
        var database = Path.Combine(work.FullName, "sample-prefix.duckdb");
        await SampleCustomer360.CreateDatabaseFileAsync(database, 1_000, CancellationToken.None);
        var seed = Path.Combine(work.FullName, "seed");
        await ChildProcess.MeasureAsync("exporter", "export", "--source", "duckdb:" + database, "--query", SampleCustomer360.Query, "--to", seed, "--export-id", "seed");
        var template = ManifestJson.Parse(await File.ReadAllBytesAsync(Path.Combine(seed, "seed", ManifestJson.FileName)));
        var start = new DateTimeOffset(2023, 1, 1, 2, 0, 0, TimeSpan.Zero);
        for (var day = 0; day < Exports; day++)
        {
            var folder = Path.Combine(prefix, Name(day));
            Directory.CreateDirectory(folder);
            foreach (var file in template.Files)
            {
                File.CreateSymbolicLink(Path.Combine(folder, file.Path), Path.Combine(seed, "seed", file.Path));
            }

            var createdAt = start.AddDays(day);
            var manifest = Path.Combine(folder, ManifestJson.FileName);
            await File.WriteAllBytesAsync(manifest, ManifestJson.Serialize(template with { ExportId = Name(day), CreatedAt = createdAt }));
            File.SetLastWriteTimeUtc(manifest, createdAt.AddMinutes(40).UtcDateTime);
        }

        for (var leftover = 0; leftover < 10; leftover++)
        {
            var folder = Path.Combine(prefix, $"failed-{leftover}");
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "part-00000.parquet"), "half written");
        }

        return Name(Exports - 1);
    }

    private static string Name(int day) => string.Create(CultureInfo.InvariantCulture, $"day-{day:0000}");

    private static string Ms(double seconds) => (seconds * 1000).ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
