using System.Diagnostics;
using DuckDB.NET.Data;
using Handoff.Exporter.Cli;
using Handoff.Shared.Cli;
using Handoff.SparkJob.Cli;

namespace Handoff.Benchmarks;

/// <summary>The child side: run one operation in this fresh process, time it, record its CPU time and peak RSS.</summary>
internal static class ChildMeasurement
{
    public static async Task<int> RunAsync(string[] args)
    {
        var resultFile = args[0];
        var cpuAtStart = Environment.CpuUsage;
        var stopwatch = Stopwatch.StartNew();
        var code = args[1..] switch
        {
            ["exporter", .. var rest] => await ExporterCli.RunAsync(rest, Quiet, CancellationToken.None),
            ["spark-job", .. var rest] => await SparkJobCli.RunAsync(rest, Quiet, CancellationToken.None),
            ["duckdb", var database, var sql] => RunDuckDb(database, sql),
            ["newest-export", var prefix] => await ExportsPrefixBenchmark.FindNewestAsync(prefix),
            ["read-manifest", var folder] => await ExportsPrefixBenchmark.ReadManifestAsync(folder),
            ["all-manifests", var prefix] => await ExportsPrefixBenchmark.ReadAllManifestsAsync(prefix),
            ["read-and-hash", var folder] => await LoadBenchmark.ReadAndHashAsync(folder),
            _ => throw new ArgumentException($"unknown child command: {string.Join(' ', args[1..])}"),
        };
        stopwatch.Stop();
        var cpu = Environment.CpuUsage;
        if (code != 0)
        {
            await Console.Error.WriteLineAsync($"{string.Join(' ', args[1..])} exited {code}: {Errors}");
            return code;
        }

        await File.WriteAllTextAsync(resultFile, new Measurement(
            stopwatch.Elapsed.TotalSeconds,
            PeakRss.Read(),
            (cpu.UserTime - cpuAtStart.UserTime).TotalSeconds,
            (cpu.PrivilegedTime - cpuAtStart.PrivilegedTime).TotalSeconds).ToJson());
        return 0;
    }

    private static readonly StringWriter Errors = new();

    private static CliConsole Quiet => new(TextWriter.Null, Errors, ErrorIsTerminal: false);

    private static int RunDuckDb(string database, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return 0;
    }
}
