using Handoff.Shared.Databricks.Errors;

namespace Handoff.Shared.Databricks.Clusters;

/// <summary>
/// A cluster that did not come to RUNNING: it timed out (<c>CLUSTER_WAIT_TIMEOUT</c>), failed
/// (<c>CLUSTER_ERROR</c>, <c>CLUSTER_TERMINATED</c>: it stopped again after we started it), or is
/// in a state it cannot be started from. The message says which state it was in and why.
/// </summary>
public sealed class ClusterNotReadyException(string errorCode, string clusterId, string? state, string message)
    : DatabricksException(errorCode, message)
{
    public string ClusterId { get; } = clusterId;

    /// <summary>The last state seen.</summary>
    public string? State { get; } = state;
}
