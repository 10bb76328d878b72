namespace Handoff.Shared.Databricks;

/// <summary>
/// How the client retries: 429 always (the request was refused before any work), 503, I/O
/// errors and timeouts only for calls that are safe to send twice. Waits follow
/// <c>Retry-After</c> when the server sends one, otherwise exponential backoff with jitter.
/// </summary>
public sealed class DatabricksRetryOptions
{
    /// <summary>Retries after the first attempt (default 6).</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>The first backoff; doubled on each retry up to <see cref="MaxDelay"/> (default 1 s).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap on a backoff wait (default 30 s).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>Retry-After</c> honoured as sent; a longer one is cut to this (default 2 minutes).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an attempt may go without any data moving before it counts as a timeout (default 60 s, the SDK's HTTP timeout; a long upload that keeps moving is never cut).</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
