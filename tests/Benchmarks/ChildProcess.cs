using System.Diagnostics;

namespace Handoff.Benchmarks;

/// <summary>Runs one measurement as "benchmarks child ..." and reads back its result.</summary>
internal static class ChildProcess
{
    /// <summary>The program children run: this one, or its self-contained ReadyToRun build (set once, before any measurement).</summary>
    public static string Executable { get; set; } = Environment.ProcessPath!;

    public static async Task<Measurement> MeasureAsync(params string[] args)
    {
        var resultFile = Path.GetTempFileName();
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("child");
        start.ArgumentList.Add(resultFile);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var whole = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        whole.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"child {string.Join(' ', args)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }

        var measurement = Measurement.FromJson(await File.ReadAllTextAsync(resultFile)) with { ProcessSeconds = whole.Elapsed.TotalSeconds };
        File.Delete(resultFile);
        return measurement;
    }
}
