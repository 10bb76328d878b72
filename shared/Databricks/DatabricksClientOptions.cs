using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.Shared.Databricks;

/// <summary>How a <see cref="DatabricksClient"/> behaves: retries, logging, and the plumbing tests replace.</summary>
public sealed class DatabricksClientOptions
{
    public DatabricksRetryOptions Retry { get; init; } = new();

    /// <summary>Requests and responses are logged at Debug with tokens and secrets redacted; retries at Information.</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>The clock for backoff waits and token expiry.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The HTTP handler (default: a new SocketsHttpHandler).</summary>
    public HttpMessageHandler? Transport { get; set; }

    /// <summary>The first part of the User-Agent header.</summary>
    public string Product { get; set; } = "handoff-exporter";

    /// <summary>The same options with another logger (the command line's, at the level --verbose asks for).</summary>
    public DatabricksClientOptions WithLogger(ILogger logger) => new()
    {
        Retry = Retry,
        Logger = logger,
        TimeProvider = TimeProvider,
        Transport = Transport,
        Product = Product,
    };
}
