using Handoff.Shared.Progress;

namespace Handoff.Shared.Databricks.Clusters;

/// <summary>What a wait for a cluster reports: each state it sees change, and when it starts the cluster.</summary>
/// <param name="Started">True for the report made right after this wait sent clusters/start.</param>
public sealed record ClusterProgress(string ClusterId, string? ClusterName, string? State, string? StateMessage, TimeSpan Elapsed, bool Started = false)
{
    /// <summary>"cluster 0123-456789-abc (etl): PENDING after 35.2 s: Finding instances for new nodes".</summary>
    public string Describe()
    {
        var name = string.IsNullOrEmpty(ClusterName) ? ClusterId : $"{ClusterId} ({ClusterName})";
        var why = string.IsNullOrWhiteSpace(StateMessage) ? string.Empty : $": {StateMessage.Trim()}";
        return Started
            ? $"cluster {name} is {State ?? "?"}{why}; starting it (clusters/start)"
            : $"cluster {name}: {State ?? "?"} after {Units.Duration(Elapsed)}{why}";
    }
}
