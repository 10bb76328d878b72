using System.Diagnostics;

namespace Handoff.Tests.Support;

/// <summary>
/// Runs <c>exporter export</c> in a process of its own (the build beside the tests) and kills it
/// with SIGKILL once a condition shows it is mid-write: no finally block, no cleanup, as when
/// the OOM killer or a lost VM ends a run.
/// </summary>
public static class KilledExport
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Starts the export, waits until <paramref name="midWrite"/> holds, kills it, and returns its output so far.</summary>
    public static async Task<string> RunAndKillAsync(string[] args, Func<Task<bool>> midWrite)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "exporter.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the exporter");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var deadline = DateTime.UtcNow + StartTimeout;
        try
        {
            while (!await midWrite())
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the export ended (exit {process.ExitCode}) before it could be killed mid-write: {await stderr}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"the export did not start writing within {StartTimeout.TotalSeconds} s");
                }

                await Task.Delay(50);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // SIGKILL on Unix
            }

            await process.WaitForExitAsync();
        }

        return await stderr;
    }
}
