namespace Handoff.SparkJob.SparkConnect.Connection;

/// <summary>
/// Where a program finds Spark, first match wins: an explicit Spark Connect URL; explicit
/// Databricks settings; <c>SPARK_REMOTE</c>; Databricks variables or a <c>~/.databrickscfg</c> profile.
/// </summary>
public static class SparkRemote
{
    public const string Variable = "SPARK_REMOTE";

    public static async Task<SparkConnectionString> ResolveAsync(string? remote, DatabricksInputs databricks, Func<string, string?> getVariable, Guid sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(databricks);
        ArgumentNullException.ThrowIfNull(getVariable);
        if (remote is not null)
        {
            return databricks.Any
                ? throw new SparkEndpointException(SparkEndpointProblem.UrlAndDatabricks, "a Spark Connect URL and Databricks settings (host, cluster id, serverless, profile) exclude each other")
                : SparkConnectionString.Parse(remote);
        }

        if (databricks.Any)
        {
            return await DatabricksConnection.ResolveAsync(databricks, getVariable, sessionId, cancellationToken);
        }

        if (getVariable(Variable) is { Length: > 0 } fromEnvironment)
        {
            return SparkConnectionString.Parse(fromEnvironment);
        }

        return DatabricksConnection.IsConfigured(databricks, getVariable)
            ? await DatabricksConnection.ResolveAsync(databricks, getVariable, sessionId, cancellationToken)
            : throw new SparkEndpointException(SparkEndpointProblem.NoEndpoint, $"no Spark Connect endpoint: give a URL (sc://host:15002), set {Variable}, or configure Databricks (a host with a cluster id or serverless, DATABRICKS_HOST/DATABRICKS_TOKEN, or ~/.databrickscfg)");
    }
}
