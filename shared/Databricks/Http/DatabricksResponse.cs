using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Shared.Databricks.Errors;

namespace Handoff.Shared.Databricks.Http;

/// <summary>A successful (or expected) answer: status, headers, and the body read whole, or a stream for downloads.</summary>
internal sealed class DatabricksResponse(string operation, HttpStatusCode status, HttpResponseHeaders headers, HttpContentHeaders? contentHeaders, byte[] body, Stream? stream = null) : IDisposable
{
    public HttpStatusCode Status { get; } = status;

    public HttpResponseHeaders Headers { get; } = headers;

    public HttpContentHeaders? ContentHeaders { get; } = contentHeaders;

    public byte[] Body { get; } = body;

    /// <summary>The open body of a streamed response; the caller disposes it.</summary>
    public Stream? Stream { get; } = stream;

    public T ReadJson<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Body, DatabricksJson.Options)
                ?? throw new JsonException("the body is JSON null");
        }
        catch (JsonException error)
        {
            throw Malformed(error);
        }
    }

    public JsonObject ReadJsonObject()
    {
        try
        {
            return JsonNode.Parse(Body) as JsonObject ?? throw new JsonException("the body is not a JSON object");
        }
        catch (JsonException error)
        {
            throw Malformed(error);
        }
    }

    public void Dispose() => Stream?.Dispose();

    private DatabricksRequestException Malformed(JsonException error)
    {
        var where = error.LineNumber is { } line ? $" at line {line + 1}, byte {error.BytePositionInLine + 1}" : string.Empty;
        return new DatabricksRequestException(
            operation, (int)Status, "MALFORMED_RESPONSE", string.Empty,
            $"{operation}: the workspace answered {(int)Status} with a body that is not the JSON the API documents{where} ({Body.Length} bytes): {FirstLine(error.Message)}",
            inner: error);
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
