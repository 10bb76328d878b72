using System.Diagnostics;
using Handoff.Shared.Cli;

namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>
/// An upload's progress on a terminal: one line on stderr, rewritten at most four times a
/// second, with bytes sent, the total and the rate. Used only when stderr is a terminal, so logs
/// and pipes stay clean. A retry starts the count again, and the line shows it.
/// </summary>
public sealed class UploadProgress(TextWriter stderr, string name, long total) : IProgress<long>, IDisposable
{
    private static readonly long Interval = Stopwatch.Frequency / 4;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastWrite;
    private bool _written;

    public void Report(long value)
    {
        var now = Stopwatch.GetTimestamp();
        if (now - _lastWrite < Interval && value < total)
        {
            return;
        }

        _lastWrite = now;
        _written = true;
        var seconds = Math.Max(Stopwatch.GetElapsedTime(_started).TotalSeconds, 0.001);
        var percent = total > 0 ? value * 100 / total : 100;
        stderr.Write($"\r  {name}: {Units.Bytes(value),10} of {Units.Bytes(total)} ({percent,3}%)  {Units.Bytes((long)(value / seconds))}/s   ");
    }

    /// <summary>Ends the line, so the next output starts on a fresh one.</summary>
    public void Dispose()
    {
        if (_written)
        {
            stderr.WriteLine();
        }
    }
}
