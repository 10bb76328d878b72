using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Handoff.Tests.Fixtures.FakeDatabricks;

/// <summary>An answer the fake's handlers return; written by <see cref="FakeWorkspace"/>.</summary>
public sealed record FakeReply(int Status, byte[] Body, string? ContentType = "application/json", IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeReply Json(JsonNode node, int status = 200) => new(status, Encoding.UTF8.GetBytes(node.ToJsonString()));

    public static FakeReply Empty(int status = 200) => new(status, [], null);

    public static FakeReply Error(int status, string errorCode, string message) =>
        Json(new JsonObject { ["error_code"] = errorCode, ["message"] = message }, status);

    public static FakeReply BadRequest(string message) => Error(400, "INVALID_PARAMETER_VALUE", message);

    public static FakeReply NotFound(string message) => Error(404, "RESOURCE_DOES_NOT_EXIST", message);

    internal async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = Status;
        foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (ContentType is not null)
        {
            context.Response.ContentType = ContentType;
        }

        if (Body.Length > 0 && !HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(Body);
        }
    }
}

/// <summary>Helpers for reading a request the way the API does.</summary>
internal static class FakeRequest
{
    public static JsonObject? JsonBody(this RecordedRequest request)
    {
        try
        {
            return request.Body.Length == 0 ? null : JsonNode.Parse(request.Body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static string? QueryValue(this HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    public static long? QueryLong(this HttpContext context, string name) =>
        long.TryParse(context.QueryValue(name), out var value) ? value : null;

    public static bool QueryBool(this HttpContext context, string name) =>
        string.Equals(context.QueryValue(name), "true", StringComparison.OrdinalIgnoreCase);
}
