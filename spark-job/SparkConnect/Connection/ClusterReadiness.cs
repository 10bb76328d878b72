using System.Globalization;
using Handoff.Shared.Databricks;
using Handoff.Shared.Databricks.Auth;
using Handoff.Shared.Databricks.Clusters;

namespace Handoff.SparkJob.SparkConnect.Connection;

/// <summary>
/// The step before the first call to a Databricks cluster: ask the Clusters API for its state,
/// start it when TERMINATED, and wait for RUNNING (<see cref="ClusterStartup"/>). A connection is
/// to a cluster when it names one (<c>x-databricks-cluster-id</c>) and carries a token over TLS; the
/// workspace is the connection's host, which is where Databricks serves Spark Connect. Serverless
/// compute (<c>x-databricks-session-id</c>) needs no wait, and other endpoints have no Clusters API.
/// </summary>
public static class ClusterReadiness
{
    public const string ClusterIdHeader = "x-databricks-cluster-id";

    /// <summary>The workspace, token and cluster id of a connection to a Databricks cluster; null for any other endpoint.</summary>
    public static ClusterTarget? TargetOf(SparkConnectionString connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var clusterId = connection.Headers.FirstOrDefault(h => h.Key == ClusterIdHeader).Value;
        if (string.IsNullOrWhiteSpace(clusterId) || connection.Token is null || !connection.UseSsl)
        {
            return null;
        }

        var host = connection.Host.Contains(':', StringComparison.Ordinal) ? $"[{connection.Host}]" : connection.Host;
        var port = connection.Port == 443 ? string.Empty : ":" + connection.Port.ToString(CultureInfo.InvariantCulture);
        return new ClusterTarget(new Uri($"https://{host}{port}/"), connection.Token, clusterId);
    }

    /// <summary>A step that makes sure the connection's cluster runs, or null when there is nothing to wait for.</summary>
    public static Func<CancellationToken, Task>? Step(SparkConnectionString connection, ClusterStartupOptions startup, DatabricksClientOptions client)
    {
        ArgumentNullException.ThrowIfNull(startup);
        ArgumentNullException.ThrowIfNull(client);
        if (TargetOf(connection) is not { } target)
        {
            return null;
        }

        return async cancellationToken =>
        {
            using var workspace = new DatabricksClient(target.Workspace, new PersonalAccessTokenCredential(target.Token), client);
            await workspace.Clusters.EnsureRunningAsync(target.ClusterId, startup, cancellationToken);
        };
    }
}

/// <summary>A Databricks cluster behind a Spark Connect connection; <see cref="ToString"/> leaves the token out.</summary>
public sealed record ClusterTarget(Uri Workspace, string Token, string ClusterId)
{
    public override string ToString() => $"cluster {ClusterId} in {Workspace}";
}
