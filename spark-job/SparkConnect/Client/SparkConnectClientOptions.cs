using System.Net.Security;

namespace Handoff.SparkJob.SparkConnect.Client;

/// <summary>How a <see cref="SparkConnectClient"/> connects, identifies itself and retries.</summary>
public sealed record SparkConnectClientOptions
{
    /// <summary>The product part of client_type; the connection string's user_agent overrides it.</summary>
    public string Product { get; init; } = "handoff-spark-job";

    /// <summary>user_context.user_id when the connection string has none (default: the OS user).</summary>
    public string UserId { get; init; } = Environment.UserName;

    public RetryOptions Retry { get; init; } = new();

    /// <summary>The largest response message accepted (Arrow batches can be large).</summary>
    public int MaxReceiveMessageBytes { get; init; } = 256 * 1024 * 1024;

    /// <summary>How long the release of a finished operation may take before it is abandoned.</summary>
    public TimeSpan ReleaseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Validates the server certificate instead of the system trust store (tests trust their own
    /// self-signed certificate with it). Ignored when <see cref="HttpHandler"/> is set.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    /// <summary>Replaces the HTTP/2 handler the channel uses (proxies, tests).</summary>
    public HttpMessageHandler? HttpHandler { get; init; }
}

/// <summary>
/// Retries of calls that failed with UNAVAILABLE (and of broken result streams): exponential
/// backoff from <see cref="InitialBackoff"/>, multiplied by <see cref="Multiplier"/> and capped
/// at <see cref="MaxBackoff"/>, at most <see cref="MaxRetries"/> times in a row.
/// </summary>
public sealed record RetryOptions
{
    public int MaxRetries { get; init; } = 10;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public double Multiplier { get; init; } = 2;

    /// <summary>The wait before retry number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan BackoffFor(int attempt)
    {
        var millis = InitialBackoff.TotalMilliseconds * Math.Pow(Multiplier, Math.Max(0, attempt - 1));
        return TimeSpan.FromMilliseconds(Math.Min(millis, MaxBackoff.TotalMilliseconds));
    }
}
