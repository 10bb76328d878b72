namespace Handoff.Shared.Databricks.Config;

/// <summary>What the resolver may look at: explicit flags, and the environment (HOME included, so tests never see the real ~/.databrickscfg).</summary>
public sealed record DatabricksConfigRequest
{
    /// <summary>--host, which wins over everything else.</summary>
    public string? Host { get; init; }

    /// <summary>--profile, which wins over DATABRICKS_CONFIG_PROFILE.</summary>
    public string? Profile { get; init; }

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
