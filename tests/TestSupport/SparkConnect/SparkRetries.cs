using Handoff.SparkJob.SparkConnect.Client;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>Retries that give up fast: a test of a failing fake server waits milliseconds, not the real schedule.</summary>
public static class SparkRetries
{
    public static readonly RetryOptions Fast = new() { MaxRetries = 3, InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5) };
}
