using Handoff.Benchmarks;

// Every measurement runs in a child process of this same program, so each gets a clean heap
// and its own peak RSS; the parent only orchestrates and prints ratios.
return args switch
{
    ["child", .. var rest] => await ChildMeasurement.RunAsync(rest),
    ["export", .. var rest] => await ExportBenchmark.RunAsync(BenchmarkOptions.Parse(rest)),
    ["load", .. var rest] => await LoadBenchmark.RunAsync(BenchmarkOptions.Parse(rest)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project tests/Benchmarks -- export|load [--rows 1000000,5000000] [--repeat 3]

          export  our export to a local folder per format vs DuckDB's COPY (<same query>) TO the same format
          load    Parquet/CSV export -> Delta (embedded) and validate, vs DuckDB reading and rewriting the same files

        Ratios compare measurements taken in the same run on this machine: each is the median of
        --repeat runs, each run in a fresh child process; peak RSS is the highest VmHWM of those runs.
        """);
    return 2;
}
