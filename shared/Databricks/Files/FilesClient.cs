using System.Net;
using System.Runtime.CompilerServices;
using Handoff.Shared.Databricks.Http;
using Handoff.Shared.Progress;

namespace Handoff.Shared.Databricks.Files;

/// <summary>
/// The Files API (2.0) for Unity Catalog volumes: upload, metadata (HEAD), download, and
/// directories (create, exists, list every page). Paths are absolute, like
/// <c>/Volumes/catalog/schema/volume/dir/file</c>.
/// </summary>
public sealed class FilesClient
{
    private const string FilesBase = "/api/2.0/fs/files";
    private const string DirectoriesBase = "/api/2.0/fs/directories";
    private static readonly HashSet<HttpStatusCode> NotFound = [HttpStatusCode.NotFound];

    private readonly DatabricksPipeline _pipeline;

    internal FilesClient(DatabricksPipeline pipeline) => _pipeline = pipeline;

    /// <summary>
    /// Uploads a file (up to 5 GiB) streamed from <paramref name="openContent"/>, which is opened
    /// again for a retry; <paramref name="progress"/> hears the bytes sent so far. With
    /// <paramref name="overwrite"/> the call is safe to repeat, so it is retried after an unknown outcome.
    /// </summary>
    public async Task UploadAsync(string path, Func<Stream> openContent, long length, bool overwrite, CancellationToken cancellationToken, IProgress<long>? progress = null)
    {
        var request = new DatabricksRequest(HttpMethod.Put, ApiPaths.WithQuery(FilesBase + ApiPaths.EscapeFilePath(path), ("overwrite", overwrite)), "fs/files upload")
        {
            Idempotent = overwrite,
            Upload = new UploadBody(openContent, length, Progress: progress),
            ContentDescription = $"<{Units.Bytes(length)} octet-stream>",
        };
        using var response = await _pipeline.SendAsync(request, cancellationToken);
    }

    /// <summary>The file's size and modification time, or null when there is no file at <paramref name="path"/>.</summary>
    public async Task<FileMetadata?> GetMetadataAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _pipeline.SendAsync(
            new DatabricksRequest(HttpMethod.Head, FilesBase + ApiPaths.EscapeFilePath(path), "fs/files metadata") { Idempotent = true, Expected = NotFound },
            cancellationToken);
        if (response.Status == HttpStatusCode.NotFound)
        {
            return null;
        }

        return new FileMetadata(path, response.ContentHeaders?.ContentLength, response.ContentHeaders?.LastModified, response.ContentHeaders?.ContentType?.MediaType);
    }

    /// <summary>The file's content as a stream the caller disposes.</summary>
    public async Task<Stream> DownloadAsync(string path, CancellationToken cancellationToken)
    {
        var response = await _pipeline.SendAsync(
            new DatabricksRequest(HttpMethod.Get, FilesBase + ApiPaths.EscapeFilePath(path), "fs/files download") { Idempotent = true, StreamResponse = true },
            cancellationToken);
        return response.Stream!;
    }

    /// <summary>Creates the directory and any missing parents; succeeds when it already exists.</summary>
    public async Task CreateDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _pipeline.SendAsync(
            new DatabricksRequest(HttpMethod.Put, DirectoriesBase + ApiPaths.EscapeFilePath(path), "fs/directories create") { Idempotent = true },
            cancellationToken);
    }

    public async Task<bool> DirectoryExistsAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _pipeline.SendAsync(
            new DatabricksRequest(HttpMethod.Head, DirectoriesBase + ApiPaths.EscapeFilePath(path), "fs/directories metadata") { Idempotent = true, Expected = NotFound },
            cancellationToken);
        return response.Status != HttpStatusCode.NotFound;
    }

    /// <summary>The directory's entries, every page.</summary>
    public async IAsyncEnumerable<DirectoryEntry> ListDirectoryAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? pageToken = null;
        do
        {
            var requestPath = ApiPaths.WithQuery(DirectoriesBase + ApiPaths.EscapeFilePath(path), ("page_token", pageToken));
            DirectoryPage page;
            using (var response = await _pipeline.SendAsync(new DatabricksRequest(HttpMethod.Get, requestPath, "fs/directories list") { Idempotent = true }, cancellationToken))
            {
                page = response.ReadJson<DirectoryPage>();
            }

            foreach (var entry in page.Contents ?? [])
            {
                yield return entry;
            }

            pageToken = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        }
        while (pageToken is not null);
    }

    private sealed record DirectoryPage(IReadOnlyList<DirectoryEntry>? Contents, string? NextPageToken);
}

public sealed record FileMetadata(string Path, long? ContentLength, DateTimeOffset? LastModified, string? ContentType);

public sealed record DirectoryEntry
{
    public string? Path { get; init; }

    public string? Name { get; init; }

    public bool IsDirectory { get; init; }

    public long? FileSize { get; init; }

    /// <summary>Epoch milliseconds.</summary>
    public long? LastModified { get; init; }
}
