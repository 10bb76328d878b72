using Handoff.Shared.Cli;
using System.Diagnostics;
using Handoff.Exporter.Export;

namespace Handoff.Exporter.Cli;

/// <summary>
/// Progress on a terminal: one line on stderr, rewritten at most four times a second, showing
/// rows, bytes and rate. Silent when stderr is redirected, so logs and pipes stay clean.
/// </summary>
public sealed class ProgressLine(TextWriter stderr) : IProgress<ExportProgress>
{
    private static readonly long Interval = Stopwatch.Frequency / 4;
    private long _lastWrite;
    private bool _written;

    public static IProgress<ExportProgress>? ForConsole() =>
        Console.IsErrorRedirected ? null : new ProgressLine(Console.Error);

    public void Report(ExportProgress value)
    {
        var now = Stopwatch.GetTimestamp();
        if (now - _lastWrite < Interval)
        {
            return;
        }

        _lastWrite = now;
        _written = true;
        var seconds = Math.Max(value.Elapsed.TotalSeconds, 0.001);
        stderr.Write($"\r  {value.Rows,14:N0} rows  {Units.Bytes(value.Bytes),10}  {value.Rows / seconds,12:N0} rows/s  {Units.Bytes((long)(value.Bytes / seconds))}/s   ");
    }

    /// <summary>Ends the progress line so the next output starts on a fresh line.</summary>
    public void Finish()
    {
        if (_written)
        {
            stderr.WriteLine();
        }
    }
}
