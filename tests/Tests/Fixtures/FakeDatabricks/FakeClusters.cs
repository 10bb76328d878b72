using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Handoff.Tests.Fixtures.FakeDatabricks;

/// <summary>A cluster the fake workspace holds: its state, and the states it goes through once started.</summary>
public sealed class FakeCluster(string clusterId, string name, string state)
{
    public string ClusterId { get; } = clusterId;

    public string Name { get; } = name;

    public string State { get; internal set; } = state;

    public string? StateMessage { get; internal set; }

    /// <summary>After clusters/start, the states each clusters/get moves through, last one staying (default PENDING, PENDING, RUNNING).</summary>
    public Queue<(string State, string? Message)> AfterStart { get; } = new();

    /// <summary>The termination reason clusters/get reports while TERMINATED.</summary>
    public JsonObject? TerminationReason { get; set; }

    public int Starts { get; internal set; }

    public int Gets { get; internal set; }
}

/// <summary>
/// clusters/get and clusters/start of Clusters API 2.1, stateful as databricks/cli's
/// libs/testserver/clusters.go (@ 7bbe285) keeps clusters (an unknown cluster id answers 404), with the real
/// API's rule that only a TERMINATED cluster can be started (otherwise 400 INVALID_STATE, which
/// databricks-sdk-go's EnsureClusterIsRunning treats as "started by another process"). A started
/// cluster moves through <see cref="FakeCluster.AfterStart"/>, one state per clusters/get.
/// </summary>
public sealed class FakeClusters
{
    private readonly ConcurrentDictionary<string, FakeCluster> _clusters = new(StringComparer.Ordinal);

    public FakeCluster Add(string clusterId, string state, string name = "etl")
    {
        var cluster = new FakeCluster(clusterId, name, state);
        _clusters[clusterId] = cluster;
        return cluster;
    }

    public FakeCluster Get(string clusterId) => _clusters[clusterId];

    internal FakeReply? Handle(HttpContext context, RecordedRequest request, string path) => (request.Method, path) switch
    {
        ("GET", "/api/2.1/clusters/get") => GetCluster(context),
        ("POST", "/api/2.1/clusters/start") => Start(request),
        _ => null,
    };

    private FakeReply GetCluster(HttpContext context)
    {
        var id = context.QueryValue("cluster_id");
        if (string.IsNullOrEmpty(id))
        {
            return FakeReply.BadRequest("Missing required field: cluster_id");
        }

        if (!_clusters.TryGetValue(id, out var cluster))
        {
            return FakeReply.NotFound($"Cluster {id} does not exist");
        }

        lock (cluster)
        {
            cluster.Gets++;
            if (cluster.AfterStart.Count > 0 && cluster.Starts > 0)
            {
                (cluster.State, cluster.StateMessage) = cluster.AfterStart.Dequeue();
            }

            var body = new JsonObject
            {
                ["cluster_id"] = cluster.ClusterId,
                ["cluster_name"] = cluster.Name,
                ["state"] = cluster.State,
                ["spark_version"] = "15.4.x-scala2.12",
            };
            if (cluster.StateMessage is not null)
            {
                body["state_message"] = cluster.StateMessage;
            }

            if (cluster.State == "TERMINATED" && cluster.TerminationReason is not null)
            {
                body["termination_reason"] = cluster.TerminationReason.DeepClone();
            }

            return FakeReply.Json(body);
        }
    }

    private FakeReply Start(RecordedRequest request)
    {
        var id = request.JsonBody()?["cluster_id"]?.GetValue<string>();
        if (string.IsNullOrEmpty(id))
        {
            return FakeReply.BadRequest("Missing required field: cluster_id");
        }

        if (!_clusters.TryGetValue(id, out var cluster))
        {
            return FakeReply.NotFound($"Cluster {id} does not exist");
        }

        lock (cluster)
        {
            if (cluster.State != "TERMINATED")
            {
                return FakeReply.Error(400, "INVALID_STATE", $"Cluster {id} is in unexpected state {cluster.State}.");
            }

            cluster.Starts++;
            cluster.State = "PENDING";
            cluster.StateMessage = "Finding instances for new nodes, acquiring more instances if necessary";
            if (cluster.AfterStart.Count == 0)
            {
                cluster.AfterStart.Enqueue(("PENDING", "Finding instances for new nodes, acquiring more instances if necessary"));
                cluster.AfterStart.Enqueue(("PENDING", "Installing libraries"));
                cluster.AfterStart.Enqueue(("RUNNING", null));
            }

            return FakeReply.Json(new JsonObject());
        }
    }
}
