namespace Handoff.Shared.Databricks.Config;

/// <summary>What the resolver may look at: what the command line says, and the environment (HOME included, so tests never see the real ~/.databrickscfg).</summary>
public sealed record DatabricksConfigRequest
{
    /// <summary>The host the command line gives, which wins over everything else.</summary>
    public string? Host { get; init; }

    /// <summary>How messages name where <see cref="Host"/> came from (the CLI's option, e.g. "--host").</summary>
    public string HostSource { get; init; } = "the host option";

    /// <summary>The profile the command line names, which wins over DATABRICKS_CONFIG_PROFILE.</summary>
    public string? Profile { get; init; }

    /// <summary>How messages name where <see cref="Profile"/> came from (e.g. "--profile").</summary>
    public string ProfileSource { get; init; } = "the profile option";

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
