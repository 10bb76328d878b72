namespace Handoff.SparkJob.SparkConnect.Connection;

/// <summary>
/// Where the job finds Spark, first match wins: <c>--remote</c>; explicit Databricks flags;
/// <c>SPARK_REMOTE</c>; Databricks variables or a <c>~/.databrickscfg</c> profile.
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
                ? throw new Shared.Cli.UsageException("--remote and the Databricks options (--host, --cluster-id, --serverless, --profile) exclude each other")
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
            : throw new Shared.Cli.UsageException($"--engine spark needs a Spark Connect endpoint: pass --remote sc://host:15002, set {Variable}, or configure Databricks (--host with --cluster-id or --serverless, DATABRICKS_HOST/DATABRICKS_TOKEN, or ~/.databrickscfg)");
    }
}
