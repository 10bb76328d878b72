using System.Net;

namespace Handoff.Shared.Databricks.Http;

/// <summary>Which failures are worth another attempt, and how long to wait before it.</summary>
internal sealed class RetryPolicy(DatabricksRetryOptions options, Random random)
{
    public int MaxRetries => options.MaxRetries;

    /// <summary>
    /// 429 means the request was refused before any work was done, so even a call that is not
    /// idempotent is safe to send again. A 503 may come after the work started, so it is
    /// retried only for idempotent calls.
    /// </summary>
    public static bool IsRetryableStatus(HttpStatusCode status, bool idempotent) =>
        status == HttpStatusCode.TooManyRequests || (idempotent && status == HttpStatusCode.ServiceUnavailable);

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based): the server's Retry-After when it sent one, else backoff.</summary>
    public TimeSpan DelayFor(int retry, TimeSpan? retryAfter)
    {
        if (retryAfter is { } serverSaid)
        {
            return serverSaid > options.MaxRetryAfter ? options.MaxRetryAfter : serverSaid;
        }

        var exponential = options.Delay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30));
        var capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);

        // Jitter in [capped/2, capped]: spreads clients that failed together without waiting less than half the backoff.
        return TimeSpan.FromMilliseconds(capped / 2 + random.NextDouble() * capped / 2);
    }
}
