using System.Globalization;
using Handoff.Exporter.Sources;

namespace Handoff.Benchmarks;

/// <summary>
/// Issue 2's benchmark, targets as issue 16 restates them: our export of the sample to a local
/// folder, per format, against DuckDB's own COPY (same query) in the same run, at most 1.0× its
/// wall time for every format: Parquet, CSV and JSON against COPY to the same format, Avro (which
/// DuckDB cannot write) against COPY to Parquet, the other binary format; peak RSS at most 400 MB.
/// </summary>
internal static class ExportBenchmark
{
    private const double Target = 1.0;
    private const double RssTargetMb = 400;

    public static async Task<int> RunAsync(BenchmarkOptions options)
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
        return allPassed ? 0 : 1;
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
