namespace Handoff.Shared.Databricks.Http;

/// <summary>
/// How long the SDK waits before poll number n (1-based) of a long-running operation:
/// databricks-sdk-go v0.175.0 retries/retries.go <c>backoff</c>, n seconds up to 10 s, plus 50 to
/// 750 ms of jitter. Used for clusters coming up and statements running.
/// </summary>
public static class PollBackoff
{
    public static TimeSpan Sdk(int attempt) =>
        TimeSpan.FromSeconds(Math.Clamp(attempt, 0, 10)) + TimeSpan.FromMilliseconds(Random.Shared.Next(50, 751));
}
