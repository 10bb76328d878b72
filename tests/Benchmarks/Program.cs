using Handoff.Benchmarks;

// Every measurement runs in a child process of this same program, so each gets a clean heap
// and its own peak RSS; the parent only orchestrates and prints ratios.
return args switch
{
    ["child", .. var rest] => await ChildMeasurement.RunAsync(rest),
    ["export", .. var rest] => await ExportBenchmark.RunAsync(BenchmarkSizes.Parse(rest)),
    ["load", .. var rest] => await LoadBenchmark.RunAsync(BenchmarkSizes.Parse(rest)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project tests/Benchmarks -- export|load [--rows 1000000,5000000]

          export  our export to a local folder per format vs DuckDB's COPY (<same query>) TO the same format
          load    Parquet/CSV export -> Delta (embedded) and validate, vs DuckDB reading and rewriting the same files

        Ratios compare measurements taken in the same run on this machine; peak RSS is each child process's VmHWM.
        """);
    return 2;
}
