using System.Text.Json.Nodes;
using Handoff.Shared.Databricks.Http;

namespace Handoff.Shared.Databricks.Clusters;

/// <summary>
/// Clusters API 2.1, the two calls a job needs before it connects: get and start
/// (databricks/databricks-sdk-go service/compute/impl.go @ 1ff3c78: GET /api/2.1/clusters/get?cluster_id=…,
/// POST /api/2.1/clusters/start {"cluster_id": …}).
/// </summary>
public sealed class ClustersClient
{
    private const string Base = "/api/2.1/clusters";
    private readonly DatabricksPipeline _pipeline;

    internal ClustersClient(DatabricksPipeline pipeline) => _pipeline = pipeline;

    public async Task<ClusterDetails> GetAsync(string clusterId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        var path = ApiPaths.WithQuery($"{Base}/get", ("cluster_id", clusterId));
        using var response = await _pipeline.SendAsync(new DatabricksRequest(HttpMethod.Get, path, "clusters/get") { Idempotent = true }, cancellationToken);
        return response.ReadJson<ClusterDetails>();
    }

    /// <summary>
    /// Starts a TERMINATED cluster; it moves to PENDING, then RUNNING. A cluster in any other state
    /// is refused with 400 INVALID_STATE, which is also what a retried start that already reached
    /// the server gets, so retrying it is safe.
    /// </summary>
    public async Task StartAsync(string clusterId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        using var response = await _pipeline.SendAsync(
            new DatabricksRequest(HttpMethod.Post, $"{Base}/start", "clusters/start") { JsonBody = new JsonObject { ["cluster_id"] = clusterId }, Idempotent = true },
            cancellationToken);
    }
}
