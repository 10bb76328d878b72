using System.Net;
using System.Text.Json.Nodes;
using Handoff.Shared.Databricks.Http;
using Handoff.Shared.Progress;

namespace Handoff.Shared.Databricks.Workspace;

/// <summary>
/// Workspace files, our fallback for workspaces without Unity Catalog. Files are written with
/// <c>POST /api/2.0/workspace-files/import-file/{path}?overwrite=</c>, the raw bytes as the body,
/// as the Databricks CLI writes them (databricks/cli 7bbe2852, libs/filer/workspace_files_client.go):
/// unlike <c>workspace/import</c>, whose content is limited to 10 MB, it takes the bundle's
/// archive. Paths are workspace paths such as <c>/Users/me/.handoff</c>.
/// </summary>
public sealed class WorkspaceClient
{
    private const string Base = "/api/2.0/workspace";
    private const string ImportFileBase = "/api/2.0/workspace-files/import-file/";
    private readonly DatabricksPipeline _pipeline;

    internal WorkspaceClient(DatabricksPipeline pipeline) => _pipeline = pipeline;

    /// <summary>
    /// Writes a file (its parent folder must exist), streamed from <paramref name="openContent"/>,
    /// opened again for a retry. With overwrite, safe to repeat. The path goes into the URL as one
    /// escaped segment, slashes included, as the CLI sends it.
    /// </summary>
    public async Task ImportFileAsync(string path, Func<Stream> openContent, long length, bool overwrite, CancellationToken cancellationToken, IProgress<long>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var request = new DatabricksRequest(
            HttpMethod.Post, ApiPaths.WithQuery(ImportFileBase + Uri.EscapeDataString(path.TrimStart('/')), ("overwrite", overwrite)), "workspace-files/import-file")
        {
            Idempotent = overwrite,
            Upload = new UploadBody(openContent, length, Progress: progress),
            ContentDescription = $"<{Units.Bytes(length)} octet-stream>",
        };
        using var response = await _pipeline.SendAsync(request, cancellationToken);
    }

    /// <summary>The object at <paramref name="path"/>, or null when there is none.</summary>
    public async Task<WorkspaceObject?> GetStatusAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _pipeline.SendAsync(
            new DatabricksRequest(HttpMethod.Get, ApiPaths.WithQuery($"{Base}/get-status", ("path", path)), "workspace/get-status")
            {
                Idempotent = true,
                Expected = new HashSet<HttpStatusCode> { HttpStatusCode.NotFound },
            },
            cancellationToken);
        return response.Status == HttpStatusCode.NotFound ? null : response.ReadJson<WorkspaceObject>();
    }

    /// <summary>Creates the folder and its parents; succeeds when it exists.</summary>
    public async Task MkdirsAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _pipeline.SendAsync(
            new DatabricksRequest(HttpMethod.Post, $"{Base}/mkdirs", "workspace/mkdirs") { JsonBody = new JsonObject { ["path"] = path }, Idempotent = true },
            cancellationToken);
    }
}

/// <summary>A workspace object: <see cref="ObjectType"/> is FILE, DIRECTORY, NOTEBOOK, ... (a string, so new types pass through).</summary>
public sealed record WorkspaceObject
{
    public string? Path { get; init; }

    public string? ObjectType { get; init; }

    public long? ObjectId { get; init; }

    public long? Size { get; init; }

    public long? ModifiedAt { get; init; }
}
