using System.Net;
using System.Text.Json.Nodes;

namespace Handoff.Shared.Databricks.Http;

/// <summary>
/// One API call as the pipeline sees it. <see cref="Idempotent"/> decides whether a failure
/// whose outcome is unknown (503, a reset connection, a timeout) may be sent again: only reads,
/// replacing writes, and writes that carry an idempotency token are.
/// </summary>
internal sealed record DatabricksRequest(HttpMethod Method, string PathAndQuery, string Operation)
{
    public JsonNode? JsonBody { get; init; }

    /// <summary>A small body other than JSON (a form); called once per attempt, so a retry sends it again from the start.</summary>
    public Func<HttpContent>? Content { get; init; }

    /// <summary>A file streamed as the body; each read counts as activity for the inactivity timeout.</summary>
    public UploadBody? Upload { get; init; }

    /// <summary>What the debug log shows instead of a non-JSON body (for example "<12 MB octet-stream>").</summary>
    public string? ContentDescription { get; init; }

    public bool Idempotent { get; init; }

    public bool Authenticated { get; init; } = true;

    /// <summary>Extra headers (never the Authorization header, which the pipeline adds).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Statuses that are answers, not errors (404 for "does this file exist?").</summary>
    public IReadOnlySet<HttpStatusCode>? Expected { get; init; }

    /// <summary>Hand back the response stream instead of reading the body (downloads).</summary>
    public bool StreamResponse { get; init; }

    /// <summary>Log the body of the response (false for token responses).</summary>
    public bool LogResponseBody { get; init; } = true;
}

/// <summary>A body streamed from disk: opened again for each attempt; progress reports the bytes sent so far.</summary>
internal sealed record UploadBody(Func<Stream> Open, long Length, string ContentType = "application/octet-stream", IProgress<long>? Progress = null);
