using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Exporter.Databricks.Submit;
using Handoff.Shared.Cli;
using Handoff.Shared.Databricks.Http;

namespace Handoff.Exporter.Cli;

/// <summary>The <see cref="ComputeSpec"/> that <c>--cluster-id</c>, <c>--new-cluster</c> and <c>--serverless</c> name, checked together.</summary>
internal static class ComputeArguments
{
    /// <summary>
    /// Exactly one of <c>--cluster-id</c>, <c>--new-cluster</c>, <c>--serverless</c>, or none
    /// when <paramref name="optional"/> (a job definition may bring its own compute).
    /// </summary>
    public static ComputeSpec? FromArguments(string? clusterId, string? newClusterFile, bool serverless, bool optional = false, string? environmentVersion = null, ComputeSpec? fallback = null)
    {
        var given = (clusterId is not null ? 1 : 0) + (newClusterFile is not null ? 1 : 0) + (serverless ? 1 : 0);
        if (given > 1)
        {
            throw new UsageException("give only one of --cluster-id, --new-cluster and --serverless");
        }

        if (environmentVersion is not null && !serverless && (given > 0 || fallback is not { Serverless: true }))
        {
            throw new UsageException("--environment-version applies to --serverless only");
        }

        if (given == 0)
        {
            return fallback is not null ? (fallback.Serverless ? ComputeSpec.ServerlessCompute(environmentVersion) : fallback)
                : optional ? null
                : throw new UsageException("say where the job runs: --cluster-id ID, --new-cluster FILE.json or --serverless (or set DATABRICKS_CLUSTER_ID, or cluster_id in the profile)");
        }

        if (clusterId is not null)
        {
            return string.IsNullOrWhiteSpace(clusterId) ? throw new UsageException("--cluster-id is empty") : ComputeSpec.ExistingCluster(clusterId.Trim());
        }

        return newClusterFile is not null ? ComputeSpec.NewJobCluster(ReadNewCluster(newClusterFile)) : ComputeSpec.ServerlessCompute(environmentVersion);
    }

    /// <summary>Reads a Jobs API <c>new_cluster</c> spec; a syntax error names its line and column.</summary>
    public static JsonObject ReadNewCluster(string file)
    {
        if (!File.Exists(file))
        {
            throw new UsageException($"--new-cluster {file}: no such file");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException error)
        {
            var line = (error.LineNumber ?? 0) + 1;
            var column = (error.BytePositionInLine ?? 0) + 1;
            throw new UsageException($"--new-cluster {file}: not valid JSON at line {line}, column {column}: {JsonErrorText.Of(error)}");
        }

        if (node is not JsonObject spec)
        {
            throw new UsageException($"--new-cluster {file}: must be a JSON object (a Jobs API new_cluster spec with spark_version, node_type_id, ...)");
        }

        if (spec["spark_version"] is null)
        {
            throw new UsageException($"--new-cluster {file}: has no spark_version (Spark Connect needs Databricks Runtime 13.3 LTS or later, e.g. \"15.4.x-scala2.12\")");
        }

        return spec;
    }
}
