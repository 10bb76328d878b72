using Handoff.Shared.Databricks.Config;
using Handoff.Shared.Databricks.Errors;

namespace Handoff.SparkJob.SparkConnect.Connection;

/// <summary>What the user said about a Databricks workspace on the command line (all optional).</summary>
public sealed record DatabricksInputs
{
    public string? Host { get; init; }

    public string? ClusterId { get; init; }

    public bool Serverless { get; init; }

    public string? Profile { get; init; }

    /// <summary>How messages name the host's option.</summary>
    public string HostSource { get; init; } = "the host option";

    /// <summary>How messages name the profile's option.</summary>
    public string ProfileSource { get; init; } = "the profile option";

    public bool Any => Host is not null || ClusterId is not null || Serverless || Profile is not null;
}

/// <summary>
/// Builds the Spark Connect connection to a Databricks cluster or to serverless compute. The
/// workspace and identity come from the one resolver both programs use
/// (<see cref="DatabricksConfigResolver"/>: flags, DATABRICKS_* variables, ~/.databrickscfg
/// profiles, in the SDK's order), and the token from the credential it names, so a personal
/// access token, OAuth M2M, a Microsoft Entra ID service principal, the Azure CLI or the
/// Databricks CLI all work. The result is an ordinary connection: port 443, TLS, the token as a
/// bearer header and <c>x-databricks-cluster-id</c>; serverless sends
/// <c>x-databricks-session-id</c> equal to the session id instead.
/// </summary>
public static class DatabricksConnection
{
    public const string ClusterIdHeader = "x-databricks-cluster-id";
    public const string SessionIdHeader = "x-databricks-session-id";
    public const int Port = 443;

    /// <summary>True when there is anything Databricks to go on: flags, variables or a config file.</summary>
    public static bool IsConfigured(DatabricksInputs inputs, Func<string, string?> getVariable) =>
        inputs.Any || DatabricksConfigResolver.HasAnySource(getVariable);

    public static async Task<SparkConnectionString> ResolveAsync(DatabricksInputs inputs, Func<string, string?> getVariable, Guid sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(getVariable);
        var config = DatabricksConfigResolver.Resolve(new DatabricksConfigRequest
        {
            Host = inputs.Host,
            HostSource = inputs.HostSource,
            Profile = inputs.Profile,
            ProfileSource = inputs.ProfileSource,
            Environment = getVariable,
        });
        var clusterId = inputs.ClusterId ?? config.ClusterId;
        var serverless = inputs.Serverless || (inputs.ClusterId is null && string.Equals(config.ServerlessComputeId, "auto", StringComparison.OrdinalIgnoreCase));
        if (inputs.Serverless && inputs.ClusterId is not null)
        {
            throw new DatabricksConfigException("a cluster id and serverless compute exclude each other: choose a cluster or serverless compute");
        }

        if (!serverless && clusterId is null)
        {
            throw new DatabricksConfigException(
                $"no Databricks compute for {config.Describe()}: looked at the cluster id option, DATABRICKS_CLUSTER_ID and DATABRICKS_SERVERLESS_COMPUTE_ID (not set){(config.Profile is { } profile ? $" and the cluster_id and serverless_compute_id of profile {profile}" : string.Empty)}; name a cluster or choose serverless compute.");
        }

        var credential = config.CreateCredential();
        try
        {
            var token = await credential.GetTokenAsync(forceRefresh: false, cancellationToken);
            var session = sessionId.ToString("D");
            var header = serverless ? new KeyValuePair<string, string>(SessionIdHeader, session) : new KeyValuePair<string, string>(ClusterIdHeader, clusterId!);
            return new SparkConnectionString
            {
                Host = config.Host.Host,
                Port = Port,
                Token = token.Value,
                UseSsl = true,
                SessionId = session,
                Headers = [header],
            };
        }
        finally
        {
            (credential as IDisposable)?.Dispose();
        }
    }
}
