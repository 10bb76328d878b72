using Microsoft.Extensions.Logging;

namespace Handoff.Shared.Cli;

/// <summary>Client log lines on stderr, prefixed "databricks:": retries always, requests and responses (redacted) with --verbose.</summary>
public sealed class CliLogger(TextWriter error, LogLevel minimum) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        lock (error)
        {
            error.WriteLine($"databricks: {formatter(state, exception)}");
        }
    }
}
