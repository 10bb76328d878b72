using Handoff.Exporter.Databricks.Bundle;
using Handoff.Exporter.Databricks.Submit;

namespace Handoff.Exporter.Cli;

/// <summary>A checked <c>exporter submit</c> command line.</summary>
internal sealed record SubmitRequest
{
    public required ExportSource Source { get; init; }

    public required string Table { get; init; }

    public required string Mode { get; init; }

    public required ComputeSpec Compute { get; init; }

    /// <summary>Where bundles go; null: the user's own workspace folder, found with SCIM Me.</summary>
    public BundleLocation? Bundle { get; init; }

    public MountSpec? Mount { get; init; }

    public IReadOnlyList<string> CheckPaths { get; init; } = [];

    public TimeSpan? Timeout { get; init; }

    public string? ExportId { get; init; }

    public int Attempt { get; init; } = 1;

    /// <summary>This command's own id: with --exports it makes the idempotency token, so only this submit's own retries are the same request.</summary>
    public Guid Invocation { get; init; } = Guid.NewGuid();

    public bool DryRun { get; init; }

    public bool NoWait { get; init; }

    public bool Json { get; init; }

    public string? BundleBinary { get; init; }
}
