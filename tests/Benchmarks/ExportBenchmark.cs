using System.Globalization;
using Handoff.Exporter.Sources;

namespace Handoff.Benchmarks;

/// <summary>
/// Issue 2's benchmark, targets as issue 16 restates them: our export of the sample to a local
/// folder, per format, against DuckDB's own COPY (same query) in the same run, at most 1.0× its
/// wall time for every format: Parquet, CSV and JSON against COPY to the same format, Avro (which
/// DuckDB cannot write) against COPY to Parquet, the other binary format; peak RSS at most 400 MB.
/// Then issue 12's: the built-in sample itself (<c>--sample-rows N</c>) exported in every format,
/// whose peak RSS must stay under 400 MB at every size, i.e. not grow with N (<c>--sample-only</c>
/// runs just this part).
/// </summary>
internal static class ExportBenchmark
{
    private const double Target = 1.0;
    private const double RssTargetMb = 400;

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        var passed = options.SampleOnly || await RunAgainstDuckDbAsync(options);
        return await RunSampleAsync(options) && passed ? 0 : 1;
    }

    private static async Task<bool> RunAgainstDuckDbAsync(BenchmarkOptions options)
    {
        var work = Directory.CreateTempSubdirectory("handoff-bench-export-");
        var table = new ResultTable("rows", "format", "ours s", "ours cpu user+sys s", "reference", "ref s", "ref cpu user+sys s", "ratio", "target", "our peak RSS MB", "verdict");
        var allPassed = true;
        try
        {
            foreach (var rows in options.Sizes)
            {
                var database = Path.Combine(work.FullName, $"sample-{rows}.duckdb");
                Console.Error.WriteLine($"building the {rows:N0}-row sample in {database} ...");
                await SampleCustomer360.CreateDatabaseFileAsync(database, rows, CancellationToken.None);
                foreach (var format in new[] { "parquet", "csv", "json", "avro" })
                {
                    var referenceFormat = format == "avro" ? "parquet" : format;
                    Console.Error.WriteLine($"  {format}: ours and duckdb COPY to {referenceFormat}, alternately ...");
                    var (ours, reference) = await options.MeasureAlternatelyAsync(
                        run => MeasureOursAsync(work.FullName, database, rows, format, run),
                        _ => MeasureDuckDbCopyAsync(work.FullName, database, rows, referenceFormat));
                    var ratio = ours.Seconds / reference.Seconds;
                    var passed = ratio <= Target && ours.PeakRssMb <= RssTargetMb;
                    allPassed &= passed;
                    table.Add(rows.ToString("N0", CultureInfo.InvariantCulture), format, F(ours.Seconds), ours.CpuText, "duckdb COPY " + referenceFormat, F(reference.Seconds), reference.CpuText, F(ratio) + "x", "<= " + F(Target) + "x", F(ours.PeakRssMb), passed ? "ok" : "MISSED");
                }

                File.Delete(database);
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }

        Console.WriteLine($"export benchmark on {MachineDescription.Text}; {options.Build}; median of {options.Repeat} runs each, ours and DuckDB's alternately");
        table.Print(Console.Out);
        return allPassed;
    }

    /// <summary>
    /// The sample exported as the README's first command does (<c>--sample-rows N</c>): rows are
    /// generated while they are exported, so the peak RSS must be the same at every N.
    /// </summary>
    private static async Task<bool> RunSampleAsync(BenchmarkOptions options)
    {
        var work = Directory.CreateTempSubdirectory("handoff-bench-sample-");
        var table = new ResultTable("rows", "format", "ours s", "ours cpu user+sys s", "our peak RSS MB", "target", "verdict");
        var allPassed = true;
        try
        {
            foreach (var rows in options.Sizes)
            {
                foreach (var format in new[] { "parquet", "csv", "json", "avro" })
                {
                    Console.Error.WriteLine($"  sample {rows:N0} rows, {format} ...");
                    var measured = await options.MeasureAsync(run => MeasureSampleAsync(work.FullName, rows, format, run));
                    var passed = measured.PeakRssMb <= RssTargetMb;
                    allPassed &= passed;
                    table.Add(rows.ToString("N0", CultureInfo.InvariantCulture), format, F(measured.Seconds), measured.CpuText, F(measured.PeakRssMb), "<= " + F(RssTargetMb) + " MB", passed ? "ok" : "MISSED");
                }
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }

        Console.WriteLine($"export of the built-in sample (--sample-rows N) on {MachineDescription.Text}; {options.Build}; median of {options.Repeat} runs each, highest peak RSS");
        table.Print(Console.Out);
        return allPassed;
    }

    private static async Task<Measurement> MeasureSampleAsync(string work, long rows, string format, int run)
    {
        var output = Path.Combine(work, $"sample-{rows}-{format}-{run}");
        var measured = await ChildProcess.MeasureAsync("exporter", "export", "--sample-rows", rows.ToString(CultureInfo.InvariantCulture), "--format", format, "--to", output, "--export-id", "bench");
        Directory.Delete(output, recursive: true);
        return measured;
    }

    private static async Task<Measurement> MeasureOursAsync(string work, string database, long rows, string format, int run)
    {
        var output = Path.Combine(work, $"ours-{rows}-{format}-{run}");
        var measured = await ChildProcess.MeasureAsync("exporter", "export", "--source", "duckdb:" + database, "--query", SampleCustomer360.Query, "--format", format, "--to", output, "--export-id", "bench");
        Directory.Delete(output, recursive: true);
        return measured;
    }

    private static async Task<Measurement> MeasureDuckDbCopyAsync(string work, string database, long rows, string format)
    {
        var copyTarget = Path.Combine(work, $"duckdb-{rows}.{format}");
        var copyOptions = format switch { "parquet" => "FORMAT PARQUET, COMPRESSION SNAPPY", "csv" => "FORMAT CSV, HEADER", _ => "FORMAT JSON" };
        var measured = await ChildProcess.MeasureAsync("duckdb", database, $"COPY ({SampleCustomer360.Query}) TO '{copyTarget}' ({copyOptions})");
        File.Delete(copyTarget);
        return measured;
    }

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
