using System.Net.Security;
using Handoff.SparkJob.SparkConnect.Execution;

namespace Handoff.SparkJob.SparkConnect.Client;

/// <summary>How a <see cref="SparkConnectClient"/> connects, identifies itself, retries and reports.</summary>
public sealed record SparkConnectClientOptions
{
    /// <summary>The product part of client_type; the connection string's user_agent overrides it.</summary>
    public string Product { get; init; } = "handoff-spark-job";

    /// <summary>user_context.user_id when the connection string has none (default: the OS user, as PySpark's $USER).</summary>
    public string UserId { get; init; } = Environment.UserName;

    public RetryOptions Retry { get; init; } = new();

    /// <summary>Called before each retry; a command line prints it (see <see cref="SparkRetry.Describe"/>).</summary>
    public Action<SparkRetry>? OnRetry { get; init; }

    /// <summary>Awaited once before the first call (for example: wait for a Databricks cluster to run).</summary>
    public Func<CancellationToken, Task>? BeforeFirstCall { get; init; }

    /// <summary>
    /// HTTP/2 keepalive pings while a call is open, or null for none (the default, as PySpark sends
    /// none). Spark's server is grpc-java's NettyServerBuilder with its default permitKeepAliveTime of
    /// 5 minutes: a client that pings more often gets a strike per ping and, after two, GOAWAY
    /// ENHANCE_YOUR_CALM "too_many_pings" (grpc-java netty KeepAliveEnforcer, MAX_PING_STRIKES = 2),
    /// which would cut a silent Spark 3.5 command off. The command line refuses intervals under 5 minutes.
    /// </summary>
    public TimeSpan? KeepAliveInterval { get; init; }

    /// <summary>How long opening a TCP connection may take before the attempt counts as failed (and is retried).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest response message accepted (Arrow batches can be large).</summary>
    public int MaxReceiveMessageBytes { get; init; } = 256 * 1024 * 1024;

    /// <summary>How long releasing an operation or the session may take, retries included, before it is abandoned (the server cleans up after itself too).</summary>
    public TimeSpan ReleaseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock of retry waits (tests compress time with their own).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Validates the server certificate instead of the system trust store (tests trust their own
    /// self-signed certificate with it). Ignored when <see cref="HttpHandler"/> is set.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    /// <summary>Replaces the HTTP/2 handler the channel uses (proxies, tests).</summary>
    public HttpMessageHandler? HttpHandler { get; init; }
}
