using System.Text.Json;
using System.Text.Json.Serialization;

namespace Handoff.Shared.Databricks.Clusters;

/// <summary>
/// The fields of clusters/get we use, named as databricks/databricks-sdk-go service/compute/model.go (@ 1ff3c78)
/// (ClusterDetails) names them. <see cref="State"/> stays a string: a state Databricks adds later is
/// shown and waited through, never a parse error. Other fields are kept in <see cref="Extra"/>.
/// </summary>
public sealed record ClusterDetails
{
    public string? ClusterId { get; init; }

    public string? ClusterName { get; init; }

    /// <summary>PENDING, RUNNING, RESTARTING, RESIZING, TERMINATING, TERMINATED, ERROR, UNKNOWN (see <see cref="ClusterStates"/>).</summary>
    public string? State { get; init; }

    /// <summary>Why the cluster is in its state, in words (for example "Finding instances for new nodes").</summary>
    public string? StateMessage { get; init; }

    public ClusterTerminationReason? TerminationReason { get; init; }

    public string? SparkVersion { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>Why a cluster stopped (model.go TerminationReason: code, type, parameters).</summary>
public sealed record ClusterTerminationReason
{
    public string? Code { get; init; }

    public string? Type { get; init; }

    public Dictionary<string, string>? Parameters { get; init; }
}
