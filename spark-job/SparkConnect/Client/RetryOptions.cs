namespace Handoff.SparkJob.SparkConnect.Client;

/// <summary>
/// Retries of failed calls and broken result streams, as PySpark's DefaultPolicy
/// (apache/spark python/pyspark/sql/connect/client/retries.py @ 8ba8566): the first wait is 50 ms, each next one 4 times
/// longer up to 60 s, and a wait of 2 s or more gets up to 500 ms of random jitter. PySpark stops
/// after 15 retries (about 10 minutes); this client stops when <see cref="Budget"/> has passed since
/// the first failure, so the limit is a time a person can set (the last wait is shortened to end at
/// the budget). A call that succeeds starts the next failure's schedule afresh.
/// </summary>
public sealed record RetryOptions
{
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(50);

    public double Multiplier { get; init; } = 4;

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Random extra wait, from zero to this, added to waits of at least <see cref="MinJitterThreshold"/>.</summary>
    public TimeSpan Jitter { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MinJitterThreshold { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long after the first failure the client keeps trying (default 10 minutes, like PySpark's 15 retries).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>An optional cap on the number of retries in a row, on top of the budget (none by default).</summary>
    public int? MaxRetries { get; init; }
}
