using Handoff.Shared.Databricks;
using Handoff.Shared.Databricks.Auth;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Microsoft.Extensions.Logging;

namespace Handoff.Tests.Databricks.Support;

/// <summary>Clients for the fake workspace: a fake clock (waits are instant and recorded), a per-attempt timeout of a few seconds, and a log to read.</summary>
public static class ClientFactory
{
    public static DatabricksClient For(FakeWorkspace workspace, FakeClock clock, IDatabricksCredential? credential = null, ListLogger? log = null, int maxRetries = 6) =>
        new(workspace.Host, credential ?? new PersonalAccessTokenCredential(workspace.Token, "personal access token from DATABRICKS_TOKEN"), Options(clock, log, maxRetries));

    public static DatabricksClientOptions Options(FakeClock clock, ListLogger? log = null, int maxRetries = 6)
    {
        var options = new DatabricksClientOptions { TimeProvider = clock, Logger = (ILogger?)log ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance };
        // Long enough for a loaded CI machine, short enough for the slow-response tests (30 s fakes).
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(3);
        options.Retry.MaxRetries = maxRetries;
        return options;
    }
}

/// <summary>Keeps every log line, at every level.</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string Text => string.Join('\n', Lines);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
