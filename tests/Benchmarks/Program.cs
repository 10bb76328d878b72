using Handoff.Benchmarks;

// Every measurement runs in a child process of this same program, so each gets a clean heap
// and its own peak RSS; the parent only orchestrates and prints ratios.
return args switch
{
    ["child", .. var rest] => await ChildMeasurement.RunAsync(rest),
    ["export", .. var rest] => await MeasureAsync(ExportBenchmark.RunAsync, BenchmarkOptions.Parse(rest)),
    ["load", .. var rest] => await MeasureAsync(LoadBenchmark.RunAsync, BenchmarkOptions.Parse(rest)),
    ["writers", var rows, var repeat] => await WriterComparison.RunAsync(long.Parse(rows, System.Globalization.CultureInfo.InvariantCulture), int.Parse(repeat, System.Globalization.CultureInfo.InvariantCulture)),
    ["sample", var path, var rows] => await SampleAsync(path, long.Parse(rows, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static async Task<int> MeasureAsync(Func<BenchmarkOptions, Task<int>> benchmark, BenchmarkOptions options)
{
    if (options.Jit)
    {
        return await benchmark(options);
    }

    using var build = await ReadyToRunBuild.PublishAsync();
    ChildProcess.Executable = build.Executable;
    return await benchmark(options);
}

// The benchmarks' sample as a DuckDB file, for measuring one build against another by hand
// ("benchmarks child <result.json> exporter export --source duckdb:<file> ...", alternately).
static async Task<int> SampleAsync(string path, long rows)
{
    await Handoff.Exporter.Sources.SampleCustomer360.CreateDatabaseFileAsync(path, rows, CancellationToken.None);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project tests/Benchmarks -- export|load [--rows 1000000,5000000] [--repeat 3] [--jit] [--sample-only] [--exports-only]
               dotnet run -c Release --project tests/Benchmarks -- sample <file.duckdb> <rows>
               dotnet run -c Release --project tests/Benchmarks -- writers <rows> <repeat>

          export  our export to a local folder per format vs DuckDB's COPY (<same query>) TO the same format,
                  then the built-in sample (--sample-rows N) per format, whose peak RSS must stay under 400 MB
                  (--sample-only: just that part)
          load    the newest of 1,000 committed exports under a prefix vs reading one manifest (--exports-only: just that),
                  then Parquet/CSV export -> Delta (embedded), validate and validate --verify-data, vs DuckDB reading and rewriting
                  the same files (and, for --verify-data, a process that reads and hashes them once)
          writers our Parquet writer vs ParquetSharp's (Arrow C++) on the sample held in memory, alternately
          sample  writes the benchmarks' sample table (SampleCustomer360.Query reads it) to a DuckDB file, for A/B runs
                  of two builds by hand: <build>/benchmarks child <result.json> exporter export --source duckdb:<file> ...

        Ratios compare measurements taken in the same run on this machine: each is the median of
        --repeat runs (three times as many for the load benchmark's sub-second operations), each run
        in a fresh child process, shown with the median user+system CPU seconds it spent (when a
        ratio moves between machines, they show which side moved, in its own code or the kernel);
        peak RSS is the highest VmHWM of those runs.
        The children run this program published self-contained with ReadyToRun for this machine, as
        the README deploys the tools (dotnet publish -r linux-x64 --self-contained); --jit runs them
        in the dotnet run build instead.
        """);
    return 2;
}
