using Handoff.SparkJob.SparkConnect.Client;

namespace Handoff.SparkJob.Cli;

/// <summary>
/// What the commands take from outside their arguments: environment variables (SPARK_REMOTE,
/// DATABRICKS_*, AZURE_CLIENT_*) and the Spark Connect client's options. Tests pass their own
/// instead of changing the process environment.
/// </summary>
public sealed record SparkJobEnvironment
{
    public static SparkJobEnvironment Default { get; } = new();

    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    public SparkConnectClientOptions SparkClient { get; init; } = new();
}
