using Handoff.SparkJob.SparkConnect.Client;

namespace Handoff.SparkJob.SparkConnect.Execution;

/// <summary>
/// The waits between the attempts of one failing call (PySpark's RetryPolicyState.next_attempt in
/// apache/spark python/pyspark/sql/connect/client/retries.py @ 8ba8566: the future wait is computed before jitter is
/// added to the current one), bounded by <see cref="RetryOptions.Budget"/> from the first failure.
/// </summary>
internal sealed class RetrySchedule(RetryOptions options, TimeProvider time)
{
    private long? _firstFailure;
    private TimeSpan _next = options.InitialBackoff;

    /// <summary>How many attempts have failed so far.</summary>
    public int Failures { get; private set; }

    /// <summary>Time since the first failure.</summary>
    public TimeSpan Elapsed => _firstFailure is { } first ? time.GetElapsedTime(first) : TimeSpan.Zero;

    public TimeSpan Budget => options.Budget;

    /// <summary>Records a failure; returns the wait before the next attempt, or null when the budget (or the retry cap) is spent.</summary>
    public TimeSpan? NextWait()
    {
        _firstFailure ??= time.GetTimestamp();
        Failures++;
        if (options.MaxRetries is { } cap && Failures > cap)
        {
            return null;
        }

        var remaining = options.Budget - Elapsed;
        if (remaining <= TimeSpan.Zero)
        {
            return null;
        }

        var wait = _next;
        _next = TimeSpan.FromTicks(Math.Min(options.MaxBackoff.Ticks, (long)(wait.Ticks * options.Multiplier)));
        if (wait >= options.MinJitterThreshold)
        {
            wait += options.Jitter * Random.Shared.NextDouble();
        }

        return wait < remaining ? wait : remaining;
    }
}
