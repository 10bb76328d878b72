using System.Globalization;
using Handoff.Exporter.Sources;

namespace Handoff.Benchmarks;

/// <summary>
/// Issue 2's benchmark: our export of the sample to a local folder, per format, against DuckDB's
/// own COPY (same query) TO the same format, in the same run. Targets: Parquet, CSV and JSON at
/// most 1.3× DuckDB; Avro at most 2× our Parquet; peak RSS at most 400 MB. Then issue 12's: the
/// built-in sample itself (<c>--sample-rows N</c>) exported in every format, whose peak RSS must
/// stay under 400 MB at every size, i.e. not grow with N (<c>--sample-only</c> runs just this part).
/// </summary>
internal static class ExportBenchmark
{
    private const double TextTarget = 1.3;
    private const double AvroTarget = 2.0;
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
                Measurement? parquet = null;
                foreach (var format in new[] { "parquet", "csv", "json", "avro" })
                {
                    Task<Measurement> Ours(int run) => MeasureOursAsync(work.FullName, database, rows, format, run);
                    Measurement ours;
                    Measurement reference;
                    string referenceName;
                    double target;
                    if (format == "avro")
                    {
                        Console.Error.WriteLine($"  {format}: ours ...");
                        ours = await options.MeasureAsync(Ours);
                        (referenceName, reference, target) = ("our parquet", parquet!, AvroTarget);
                    }
                    else
                    {
                        Console.Error.WriteLine($"  {format}: ours and duckdb COPY, alternately ...");
                        (ours, var duck) = await options.MeasureAlternatelyAsync(Ours, _ => MeasureDuckDbCopyAsync(work.FullName, database, rows, format));
                        (referenceName, reference, target) = ("duckdb COPY", duck, TextTarget);
                    }

                    if (format == "parquet")
                    {
                        parquet = ours;
                    }

                    var ratio = ours.Seconds / reference.Seconds;
                    var passed = ratio <= target && ours.PeakRssMb <= RssTargetMb;
                    allPassed &= passed;
                    table.Add(rows.ToString("N0", CultureInfo.InvariantCulture), format, F(ours.Seconds), ours.CpuText, referenceName, F(reference.Seconds), reference.CpuText, F(ratio) + "x", "<= " + F(target) + "x", F(ours.PeakRssMb), passed ? "ok" : "MISSED");
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
