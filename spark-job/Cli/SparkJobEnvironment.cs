using Handoff.Shared.Databricks;
using Handoff.Shared.Databricks.Clusters;
using Handoff.Shared.Databricks.Sql;
using Handoff.SparkJob.SparkConnect.Client;

namespace Handoff.SparkJob.Cli;

/// <summary>
/// What the commands take from outside their arguments: environment variables (SPARK_REMOTE,
/// DATABRICKS_*, AZURE_CLIENT_*), the Spark Connect client's options, and how the Databricks
/// workspace is called before connecting to a cluster. Tests pass their own instead of changing
/// the process environment.
/// </summary>
public sealed record SparkJobEnvironment
{
    public static SparkJobEnvironment Default { get; } = new();

    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    public SparkConnectClientOptions SparkClient { get; init; } = new();

    /// <summary>The Clusters API client's options (transport, retries) for the wait before connecting to a cluster.</summary>
    public DatabricksClientOptions Databricks { get; init; } = new() { Product = "handoff-spark-job" };

    /// <summary>How <c>register</c>'s SQL statements are polled; the command line sets the timeout and prints the progress.</summary>
    public StatementWaitOptions SqlStatements { get; init; } = new();

    /// <summary>How the cluster is polled; the command line sets the timeout (--cluster-wait) and prints the progress.</summary>
    public ClusterStartupOptions ClusterStartup { get; init; } = new();
}
