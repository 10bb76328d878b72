using Handoff.Shared.Databricks.Http;

namespace Handoff.Shared.Databricks.Sql;

/// <summary>How <see cref="StatementExecutionClient.ExecuteAndWaitAsync"/> waits for a statement.</summary>
public sealed record StatementWaitOptions
{
    /// <summary>How long a statement may run in all (the SDK's ExecuteAndWait polls for 20 minutes).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>The wait before poll number n (1-based): the SDK's backoff.</summary>
    public Func<int, TimeSpan> PollInterval { get; init; } = PollBackoff.Sdk;

    /// <summary>Called when the statement is first seen and whenever its state changes.</summary>
    public Action<StatementProgress>? OnProgress { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>A statement's state, and how long since it was sent.</summary>
public sealed record StatementProgress(string? StatementId, string? State, TimeSpan Elapsed)
{
    public string Describe() => $"statement {StatementId ?? "(no id)"}: {State ?? "(no state)"} ({Progress.Units.Duration(Elapsed)})";
}
