using Handoff.Shared.Databricks.Errors;
using Handoff.Shared.Databricks.Http;
using Handoff.Shared.Progress;

namespace Handoff.Shared.Databricks.Clusters;

/// <summary>How a wait for a cluster behaves.</summary>
public sealed record ClusterStartupOptions
{
    /// <summary>How long to wait for RUNNING (the SDK's EnsureClusterIsRunning waits 20 minutes).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>The wait before poll number n (1-based): the SDK's retries.backoff, n seconds up to 10 s plus 50–750 ms of jitter.</summary>
    public Func<int, TimeSpan> PollInterval { get; init; } = PollBackoff.Sdk;

    /// <summary>Called when the cluster is first seen, whenever its state or state message changes, and when it is started.</summary>
    public Action<ClusterProgress>? OnProgress { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>
/// Brings a cluster to RUNNING before a job connects to it, as databricks/databricks-sdk-go's (@ 1ff3c78)
/// EnsureClusterIsRunning does (service/compute/ext_utilities.go, startClusterIfNeeded): RUNNING or
/// RESIZING is ready; TERMINATED is started; TERMINATING is waited out, then started; PENDING and
/// RESTARTING are waited for; ERROR fails. A start refused with INVALID_STATE means someone else
/// started it: the wait goes on. A cluster that falls back to TERMINATED after this wait started it
/// failed to start (WaitGetClusterRunning treats TERMINATED and ERROR as failures), and its
/// termination reason is reported. A state not documented today is waited through until the timeout.
/// </summary>
public static class ClusterStartup
{
    public static async Task<ClusterDetails> EnsureRunningAsync(this ClustersClient clusters, string clusterId, ClusterStartupOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(options);
        var time = options.TimeProvider;
        var started = time.GetTimestamp();
        (string? State, string? Message)? reported = null;
        var startedByUs = false;
        for (var poll = 1; ; poll++)
        {
            var cluster = await clusters.GetAsync(clusterId, cancellationToken);
            var state = cluster.State;
            if (reported != (state, cluster.StateMessage))
            {
                options.OnProgress?.Invoke(new ClusterProgress(clusterId, cluster.ClusterName, state, cluster.StateMessage, time.GetElapsedTime(started)));
                reported = (state, cluster.StateMessage);
            }

            if (ClusterStates.AcceptsCommands(state))
            {
                return cluster;
            }

            if (state == ClusterStates.Error || (state == ClusterStates.Terminated && startedByUs))
            {
                throw new ClusterNotReadyException(
                    state == ClusterStates.Error ? "CLUSTER_ERROR" : "CLUSTER_TERMINATED",
                    clusterId,
                    state,
                    $"cluster {clusterId} did not reach RUNNING: it is {state}{Why(cluster)}");
            }

            if (state == ClusterStates.Terminated)
            {
                startedByUs = await StartAsync(clusters, cluster, clusterId, options, time.GetElapsedTime(started), cancellationToken);
            }

            var elapsed = time.GetElapsedTime(started);
            if (elapsed >= options.Timeout)
            {
                throw new ClusterNotReadyException(
                    "CLUSTER_WAIT_TIMEOUT",
                    clusterId,
                    state,
                    $"cluster {clusterId} is still {state ?? "in an unknown state"} after waiting {Units.Duration(elapsed)} for it to run{Why(cluster)}");
            }

            var wait = options.PollInterval(poll);
            var left = options.Timeout - elapsed;
            await Task.Delay(wait < left ? wait : left, time, cancellationToken);
        }
    }

    /// <summary>Sends clusters/start; true when this call started it, false when the cluster had already left TERMINATED.</summary>
    private static async Task<bool> StartAsync(ClustersClient clusters, ClusterDetails cluster, string clusterId, ClusterStartupOptions options, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        try
        {
            await clusters.StartAsync(clusterId, cancellationToken);
            options.OnProgress?.Invoke(new ClusterProgress(clusterId, cluster.ClusterName, cluster.State, cluster.StateMessage, elapsed, Started: true));
            return true;
        }
        catch (DatabricksRequestException error) when (error.ErrorCode == "INVALID_STATE")
        {
            // Started by another process in the meantime (the SDK retries on INVALID_STATE too).
            return false;
        }
    }

    private static string Why(ClusterDetails cluster)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(cluster.StateMessage))
        {
            parts.Add(cluster.StateMessage.Trim());
        }

        if (cluster.TerminationReason is { Code: { } code } reason)
        {
            parts.Add($"termination reason {code}{(reason.Type is { } type ? $" ({type})" : string.Empty)}");
        }

        return parts.Count == 0 ? string.Empty : ": " + string.Join("; ", parts);
    }
}
