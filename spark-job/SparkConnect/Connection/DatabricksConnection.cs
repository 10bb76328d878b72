using Handoff.Shared.Cli;

namespace Handoff.SparkJob.SparkConnect.Connection;

/// <summary>What the user said about a Databricks workspace on the command line (all optional).</summary>
public sealed record DatabricksInputs
{
    public string? Host { get; init; }

    public string? ClusterId { get; init; }

    public bool Serverless { get; init; }

    public string? Profile { get; init; }

    public bool Any => Host is not null || ClusterId is not null || Serverless || Profile is not null;
}

/// <summary>
/// Builds the Spark Connect connection to a Databricks cluster or to serverless compute from
/// flags, then the DATABRICKS_HOST / DATABRICKS_TOKEN / DATABRICKS_CLUSTER_ID variables, then a
/// <c>~/.databrickscfg</c> profile (--profile, DATABRICKS_CONFIG_PROFILE, else DEFAULT). The
/// result is an ordinary connection: port 443, TLS, the token as a bearer header and
/// <c>x-databricks-cluster-id</c>; serverless sends <c>x-databricks-session-id</c> equal to the
/// session id instead.
/// </summary>
public static class DatabricksConnection
{
    public const string ClusterIdHeader = "x-databricks-cluster-id";
    public const string SessionIdHeader = "x-databricks-session-id";
    public const int Port = 443;

    /// <summary>True when there is anything Databricks to go on: flags, variables or a config file profile.</summary>
    public static bool IsConfigured(DatabricksInputs inputs, Func<string, string?> getVariable) =>
        inputs.Any || getVariable("DATABRICKS_HOST") is { Length: > 0 } || getVariable("DATABRICKS_CONFIG_PROFILE") is { Length: > 0 } || File.Exists(DatabricksConfigFile.DefaultPath(getVariable));

    public static SparkConnectionString Resolve(DatabricksInputs inputs, Func<string, string?> getVariable, Guid sessionId)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(getVariable);
        var profileName = inputs.Profile ?? NonEmpty(getVariable("DATABRICKS_CONFIG_PROFILE")) ?? DatabricksConfigFile.DefaultProfile;
        var configPath = DatabricksConfigFile.DefaultPath(getVariable);
        var profile = DatabricksConfigFile.ReadProfile(configPath, profileName);
        if (profile is null && (inputs.Profile is not null || NonEmpty(getVariable("DATABRICKS_CONFIG_PROFILE")) is not null))
        {
            throw new UsageException($"Databricks profile [{profileName}] is not in {configPath}");
        }

        var host = inputs.Host ?? NonEmpty(getVariable("DATABRICKS_HOST")) ?? FromProfile(profile, "host")
            ?? throw new UsageException("no Databricks workspace: pass --databricks-host or set DATABRICKS_HOST (or a host in ~/.databrickscfg), or give --remote sc://...");
        var token = NonEmpty(getVariable("DATABRICKS_TOKEN")) ?? FromProfile(profile, "token")
            ?? throw new UsageException("no Databricks token: set DATABRICKS_TOKEN or a token in the ~/.databrickscfg profile (tokens are never taken from flags)");
        var clusterId = inputs.ClusterId ?? NonEmpty(getVariable("DATABRICKS_CLUSTER_ID")) ?? FromProfile(profile, "cluster_id");
        var serverless = inputs.Serverless || (inputs.ClusterId is null && string.Equals(FromProfile(profile, "serverless_compute_id"), "auto", StringComparison.OrdinalIgnoreCase));
        if (serverless && inputs.ClusterId is not null)
        {
            throw new UsageException("--cluster-id and --serverless exclude each other: choose a cluster or serverless compute");
        }

        if (!serverless && clusterId is null)
        {
            throw new UsageException("no Databricks compute: pass --cluster-id (or set DATABRICKS_CLUSTER_ID, or cluster_id in the profile) or --serverless");
        }

        var session = sessionId.ToString("D");
        var header = serverless ? new KeyValuePair<string, string>(SessionIdHeader, session) : new KeyValuePair<string, string>(ClusterIdHeader, clusterId!);
        return new SparkConnectionString
        {
            Host = HostName(host),
            Port = Port,
            Token = token,
            UseSsl = true,
            SessionId = session,
            Headers = [header],
        };
    }

    /// <summary>"https://adb-1.2.azuredatabricks.net/" or "adb-1.2.azuredatabricks.net" → "adb-1.2.azuredatabricks.net".</summary>
    public static string HostName(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var text = host.Trim();
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.Scheme != Uri.UriSchemeHttps || uri.UserInfo.Length > 0 || uri.AbsolutePath.Trim('/').Length > 0 || uri.Query.Length > 0)
        {
            throw new UsageException($"'{Shared.Storage.StorageLocationParser.Redact(text)}' is not a Databricks workspace URL (https://<workspace-host>)");
        }

        return uri.Host;
    }

    private static string? FromProfile(IReadOnlyDictionary<string, string>? profile, string key) =>
        profile is not null && profile.TryGetValue(key, out var value) ? NonEmpty(value) : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
