using System.Globalization;
using Handoff.Exporter.Sources;

namespace Handoff.Benchmarks;

/// <summary>
/// Issue 3's benchmark (targets restated by issue 16), ratios measured in one run: a Parquet
/// export → Delta (embedded) at most 0.25× DuckDB rewriting the same files, and 5M rows at most
/// 1.3× the 1M time; a CSV export → Delta at most 1.0× DuckDB's read_csv → Parquet; validate
/// flat in rows (5M at most 1.1× the 1M time) and at most 2.5× a DuckDB count(*) over the table's
/// data files, both as whole processes (start to exit, the runtime's start included); peak RSS
/// at most 400 MB. Issue 13's: the newest of 1,000 committed exports under a prefix found at most
/// 3× the cost of reading one manifest (<see cref="ExportsPrefixBenchmark"/>).
/// </summary>
internal static class LoadBenchmark
{
    private const double RssTargetMb = 400;
    private const double CsvLoadTarget = 1.0;
    private const double ValidateTarget = 2.5;
    private const double ValidateGrowthTarget = 1.1;

    /// <summary>
    /// Issue 16: validate --verify-data at most 1.0x the time to read the table's bytes once. It
    /// must hash them (issue 12), so the reference reads and hashes (MD5) each byte once, in a
    /// fresh process of its own, and nothing else: the least a check of the bytes can do.
    /// </summary>
    private const double VerifyDataTarget = 1.0;

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var work = Directory.CreateTempSubdirectory("handoff-bench-load-");
        var table = new ResultTable("rows", "operation", "ours s", "ours cpu user+sys s", "reference", "ref s", "ref cpu user+sys s", "ratio", "target", "our peak RSS MB", "verdict");
        var allPassed = true;
        var parquetExports = new List<(long Rows, string Manifest, string Table)>();
        try
        {
            allPassed &= await ExportsPrefixBenchmark.RunAsync(options, work, table);
            foreach (var rows in options.ExportsOnly ? [] : options.Sizes)
            {
                var database = Path.Combine(work.FullName, $"sample-{rows}.duckdb");
                Console.Error.WriteLine($"building the {rows:N0}-row sample and its exports ...");
                await SampleCustomer360.CreateDatabaseFileAsync(database, rows, CancellationToken.None);
                var exports = Path.Combine(work.FullName, $"exports-{rows}");
                foreach (var format in new[] { "parquet", "csv" })
                {
                    await ChildProcess.MeasureAsync("exporter", "export", "--source", "duckdb:" + database, "--query", SampleCustomer360.Query, "--format", format, "--to", exports, "--export-id", format);
                }

                File.Delete(database);
                var rowsText = rows.ToString("N0", CultureInfo.InvariantCulture);
                string ParquetTable(int run) => Path.Combine(work.FullName, $"table-parquet-{rows}-{run}");

                Console.Error.WriteLine("  parquet export -> delta ...");
                var (load, rewrite) = await options.MeasureAlternatelyAsync(
                    run => ChildProcess.MeasureAsync("spark-job", "load", "--manifest", Path.Combine(exports, "parquet"), "--table", ParquetTable(run)),
                    _ => DuckDbAsync($"COPY (SELECT * FROM read_parquet('{Path.Combine(exports, "parquet", "*.parquet")}')) TO '{Path.Combine(work.FullName, "rewrite.parquet")}' (FORMAT PARQUET)"),
                    options.QuickRepeat);
                parquetExports.Add((rows, Path.Combine(exports, "parquet"), ParquetTable(0)));
                allPassed &= Add(table, rowsText, "load parquet export", load, "duckdb read_parquet -> COPY parquet", rewrite, 0.25);

                Console.Error.WriteLine("  csv export -> delta ...");
                var (csvLoad, csvRewrite) = await options.MeasureAlternatelyAsync(
                    async run =>
                    {
                        var csvTable = Path.Combine(work.FullName, $"table-csv-{rows}-{run}");
                        var measured = await ChildProcess.MeasureAsync("spark-job", "load", "--manifest", Path.Combine(exports, "csv"), "--table", csvTable);
                        Directory.Delete(csvTable, recursive: true);
                        return measured;
                    },
                    _ => DuckDbAsync($"COPY (SELECT * FROM read_csv('{Path.Combine(exports, "csv", "*.csv")}')) TO '{Path.Combine(work.FullName, "rewrite.parquet")}' (FORMAT PARQUET)"));
                allPassed &= Add(table, rowsText, "load csv export", csvLoad, "duckdb read_csv -> COPY parquet", csvRewrite, CsvLoadTarget);

                Console.Error.WriteLine("  validate ...");
                var (validate, count) = await options.MeasureAlternatelyAsync(
                    _ => ChildProcess.MeasureAsync("spark-job", "validate", "--manifest", Path.Combine(exports, "parquet"), "--table", ParquetTable(0)),
                    // A load puts the export's files under <table>/<export-id>/<load-id>/ (TableFileLayout).
                    _ => DuckDbAsync($"SELECT count(*) FROM read_parquet('{Path.Combine(ParquetTable(0), "parquet", "*", "*.parquet")}')"),
                    options.QuickRepeat);
                allPassed &= AddWholeProcess(table, rowsText, "validate table (whole process)", validate, "duckdb count(*) over data files (whole process)", count, ValidateTarget);

                Console.Error.WriteLine("  validate --verify-data ...");
                var (verify, readOnce) = await options.MeasureAlternatelyAsync(
                    _ => ChildProcess.MeasureAsync("spark-job", "validate", "--manifest", Path.Combine(exports, "parquet"), "--table", ParquetTable(0), "--verify-data"),
                    _ => ChildProcess.MeasureAsync("read-and-hash", Path.Combine(exports, "parquet")),
                    options.QuickRepeat);
                allPassed &= AddWholeProcess(table, rowsText, "validate --verify-data (whole process)", verify, "read + MD5 the export's files once (whole process)", readOnce, VerifyDataTarget);

                // The Parquet export stays for the growth measurement below.
                Directory.Delete(Path.Combine(exports, "csv"), recursive: true);
            }

            if (parquetExports.Count >= 2)
            {
                var (smallRows, largeRows) = (parquetExports[0].Rows, parquetExports[^1].Rows);
                Console.Error.WriteLine($"  parquet export -> delta, {smallRows:N0} and {largeRows:N0} rows alternately ...");
                var (small, large) = await options.MeasureAlternatelyAsync(
                    run => ChildProcess.MeasureAsync("spark-job", "load", "--manifest", parquetExports[0].Manifest, "--table", Path.Combine(work.FullName, $"table-growth-small-{run}")),
                    run => ChildProcess.MeasureAsync("spark-job", "load", "--manifest", parquetExports[^1].Manifest, "--table", Path.Combine(work.FullName, $"table-growth-large-{run}")),
                    options.QuickRepeat);
                var growth = large.Seconds / small.Seconds;
                var passed = growth <= 1.3;
                allPassed &= passed;
                table.Add($"{largeRows:N0} vs {smallRows:N0}", "load parquet export growth (alternating runs)", F(large.Seconds), large.CpuText, "ours at " + smallRows.ToString("N0", CultureInfo.InvariantCulture), F(small.Seconds), small.CpuText, F(growth) + "x", "<= 1.30x", "-", passed ? "ok" : "MISSED");

                Console.Error.WriteLine($"  validate, {smallRows:N0} and {largeRows:N0} rows alternately ...");
                var (smallValidate, largeValidate) = await options.MeasureAlternatelyAsync(
                    _ => ChildProcess.MeasureAsync("spark-job", "validate", "--manifest", parquetExports[0].Manifest, "--table", parquetExports[0].Table),
                    _ => ChildProcess.MeasureAsync("spark-job", "validate", "--manifest", parquetExports[^1].Manifest, "--table", parquetExports[^1].Table),
                    options.QuickRepeat);
                var validateGrowth = largeValidate.ProcessSeconds / smallValidate.ProcessSeconds;
                var flat = validateGrowth <= ValidateGrowthTarget;
                allPassed &= flat;
                table.Add($"{largeRows:N0} vs {smallRows:N0}", "validate growth (whole process, alternating runs)", F(largeValidate.ProcessSeconds), largeValidate.CpuText, "ours at " + smallRows.ToString("N0", CultureInfo.InvariantCulture), F(smallValidate.ProcessSeconds), smallValidate.CpuText, F(validateGrowth) + "x", "<= " + F(ValidateGrowthTarget) + "x", "-", flat ? "ok" : "MISSED");
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }

        Console.WriteLine($"load benchmark on {MachineDescription.Text}; {options.Build}; median of {options.Repeat} runs each, ours and the reference alternately ({options.QuickRepeat} for the Parquet load, validate and count(*), and for the growth, whose two sizes alternate)");
        table.Print(Console.Out);
        return allPassed ? 0 : 1;
    }

    /// <summary>The reference for --verify-data: reads each data file of an export folder once and hashes it.</summary>
    public static async Task<int> ReadAndHashAsync(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder).Where(f => Path.GetFileName(f) != "manifest.json"))
        {
            await using var stream = File.OpenRead(file);
            await System.Security.Cryptography.MD5.HashDataAsync(stream);
        }

        return 0;
    }

    private static Task<Measurement> DuckDbAsync(string sql) => ChildProcess.MeasureAsync("duckdb", ":memory:", sql);

    /// <summary>A row compared as whole processes: each side's time from its start to its exit (CPU as the child measured it, start-up excluded).</summary>
    private static bool AddWholeProcess(ResultTable table, string rows, string operation, Measurement ours, string referenceName, Measurement reference, double target)
    {
        var ratio = ours.ProcessSeconds / reference.ProcessSeconds;
        var passed = ratio <= target && ours.PeakRssMb <= RssTargetMb;
        table.Add(rows, operation, F(ours.ProcessSeconds), ours.CpuText, referenceName, F(reference.ProcessSeconds), reference.CpuText, F(ratio) + "x", "<= " + F(target) + "x", F(ours.PeakRssMb), passed ? "ok" : "MISSED");
        return passed;
    }

    private static bool Add(ResultTable table, string rows, string operation, Measurement ours, string referenceName, Measurement reference, double target)
    {
        var ratio = ours.Seconds / reference.Seconds;
        var passed = ratio <= target && ours.PeakRssMb <= RssTargetMb;
        table.Add(rows, operation, F(ours.Seconds), ours.CpuText, referenceName, F(reference.Seconds), reference.CpuText, F(ratio) + "x", "<= " + F(target) + "x", F(ours.PeakRssMb), passed ? "ok" : "MISSED");
        return passed;
    }

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
