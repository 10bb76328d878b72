using System.Diagnostics;
using System.Globalization;
using Handoff.Shared.Progress;

namespace Handoff.Shared.Cli.Progress;

/// <summary>A step's numbers, and how they read: "45% (450,000 of 1,000,000 rows), about 12 s left".</summary>
internal sealed class StepState(string title, long? total, ProgressUnit unit)
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _done;
    private string? _status;

    public string Title => title;

    public long? Total => total;

    public long Done => Interlocked.Read(ref _done);

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public string? Status
    {
        get => Volatile.Read(ref _status);
        set => Volatile.Write(ref _status, value);
    }

    public void Advance(long amount) => Interlocked.Add(ref _done, amount);

    public void SetDone(long done) => Interlocked.Exchange(ref _done, done);

    /// <summary>0 to 100 when the total is known.</summary>
    public double? Percent => total is > 0 and var t ? Math.Clamp(Done * 100.0 / t, 0, 100) : total == 0 ? 100 : null;

    /// <summary>The time left at the rate so far, once there is a rate to go by.</summary>
    public TimeSpan? Remaining
    {
        get
        {
            var done = Done;
            var elapsed = Elapsed;
            if (total is not { } t || done <= 0 || elapsed < TimeSpan.FromSeconds(1) || done >= t)
            {
                return null;
            }

            return TimeSpan.FromSeconds(elapsed.TotalSeconds * (t - done) / done);
        }
    }

    /// <summary>"450,000 of 1,000,000 rows", "12.5 MB", "3 files", or empty when nothing is counted; <paramref name="compact"/>: "450,000/1,000,000 rows".</summary>
    public string Counts(bool compact = false)
    {
        var done = Done;
        if (total is null && done == 0)
        {
            return string.Empty;
        }

        var of = compact ? "/" : " of ";
        return total is { } t ? $"{Amount(done, unit, withUnit: false)}{of}{Amount(t, unit, withUnit: true)}" : Amount(done, unit, withUnit: true);
    }

    /// <summary>The line a log gets: "loading: 45% (450,000 of 1,000,000 rows), 12.0 s, about 15.0 s left; RUNNING".</summary>
    public string Line()
    {
        var parts = new List<string>();
        var counts = Counts();
        if (Percent is { } percent)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{percent:0}%") + (counts.Length > 0 ? $" ({counts})" : string.Empty));
        }
        else if (counts.Length > 0)
        {
            parts.Add(counts);
        }

        parts.Add(Units.Duration(Elapsed));
        if (Remaining is { } left)
        {
            parts.Add($"about {Units.Duration(left)} left");
        }

        var status = Status is { Length: > 0 } s ? $"; {s}" : string.Empty;
        return $"{title}: {string.Join(", ", parts)}{status}";
    }

    /// <summary>The line verbose output gets when the step ends: "loading: done in 3.2 s (1,000,000 of 1,000,000 rows)".</summary>
    public string DoneLine()
    {
        var counts = Counts();
        return $"{title}: done in {Units.Duration(Elapsed)}{(counts.Length > 0 ? $" ({counts})" : string.Empty)}";
    }

    public static string Amount(long value, ProgressUnit unit, bool withUnit) => unit switch
    {
        ProgressUnit.Bytes => Units.Bytes(value),
        ProgressUnit.Rows => value.ToString("N0", CultureInfo.InvariantCulture) + (withUnit ? " rows" : string.Empty),
        ProgressUnit.Files => value.ToString("N0", CultureInfo.InvariantCulture) + (withUnit ? value == 1 ? " file" : " files" : string.Empty),
        _ => value.ToString("N0", CultureInfo.InvariantCulture),
    };
}
