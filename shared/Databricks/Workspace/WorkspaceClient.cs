using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Handoff.Shared.Databricks.Http;
using Handoff.Shared.Cli;

namespace Handoff.Shared.Databricks.Workspace;

/// <summary>
/// The Workspace API, our fallback for workspaces without Unity Catalog: files are imported as
/// workspace files (multipart, so the JSON API's 10 MB content limit does not apply), and
/// looked up with get-status. Paths are workspace paths such as <c>/Users/me/handoff</c>.
/// </summary>
public sealed class WorkspaceClient
{
    private const string Base = "/api/2.0/workspace";
    private readonly DatabricksPipeline _pipeline;

    internal WorkspaceClient(DatabricksPipeline pipeline) => _pipeline = pipeline;

    /// <summary>Imports a file as-is (format AUTO: a .py file without the notebook header stays a file). With overwrite, safe to repeat.</summary>
    public async Task ImportFileAsync(string path, Func<Stream> openContent, long length, bool overwrite, CancellationToken cancellationToken)
    {
        var request = new DatabricksRequest(HttpMethod.Post, $"{Base}/import", "workspace/import")
        {
            Idempotent = overwrite,
            Content = () =>
            {
                var form = new MultipartFormDataContent
                {
                    { new StringContent(path), "path" },
                    { new StringContent("AUTO"), "format" },
                    { new StringContent(overwrite ? "true" : "false"), "overwrite" },
                };
                var file = new StreamContent(openContent());
                file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(file, "content", Path.GetFileName(path));
                return form;
            },
            ContentDescription = $"<multipart: path={path}, format=AUTO, overwrite={overwrite}, content {Units.Bytes(length)}>",
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
