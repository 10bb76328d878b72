using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Shared.Databricks.Errors;

namespace Handoff.Shared.Databricks.Http;

/// <summary>
/// Turns an error response into a typed exception: <c>{error_code, message, details}</c> (the
/// REST API), <c>{error, error_description}</c> (the OAuth endpoint), or anything else (a proxy's
/// HTML page), keeping the API's own message so a 403 says exactly which permission is missing.
/// </summary>
internal static class ApiErrorParser
{
    public static DatabricksRequestException Parse(string operation, HttpStatusCode status, byte[] body, string credentialDescription)
    {
        var (errorCode, apiMessage, details) = Read(body);
        errorCode ??= DefaultCode(status);
        var code = (int)status;
        var said = apiMessage.Length > 0 ? apiMessage : ReasonOf(status);
        var message = status switch
        {
            HttpStatusCode.Unauthorized =>
                $"{operation}: the workspace refused the credentials (401 {errorCode}: {said}). The {credentialDescription} is expired, revoked or wrong; " +
                "create a new token, or use OAuth machine-to-machine credentials (DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET), which are refreshed automatically.",
            HttpStatusCode.Forbidden => $"{operation}: permission denied (403 {errorCode}): {said}",
            _ => $"{operation} failed ({code} {errorCode}): {said}",
        };
        return new DatabricksRequestException(operation, code, errorCode, apiMessage, message, details);
    }

    private static (string? Code, string Message, JsonArray? Details) Read(byte[] body)
    {
        if (body.Length == 0)
        {
            return (null, string.Empty, null);
        }

        try
        {
            if (JsonNode.Parse(body) is JsonObject obj)
            {
                var code = Text(obj["error_code"]) ?? Text(obj["error"]);
                var message = Text(obj["message"]) ?? Text(obj["error_description"]) ?? string.Empty;
                return (code, message, obj["details"] as JsonArray);
            }
        }
        catch (JsonException)
        {
        }

        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).ReplaceLineEndings(" ").Trim();
        return (null, $"(not a JSON error body, {body.Length} bytes: {text})", null);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();

    private static string DefaultCode(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "INVALID_PARAMETER_VALUE",
        HttpStatusCode.Unauthorized => "UNAUTHENTICATED",
        HttpStatusCode.Forbidden => "PERMISSION_DENIED",
        HttpStatusCode.NotFound => "NOT_FOUND",
        HttpStatusCode.Conflict => "RESOURCE_CONFLICT",
        HttpStatusCode.TooManyRequests => "REQUEST_LIMIT_EXCEEDED",
        HttpStatusCode.ServiceUnavailable => "TEMPORARILY_UNAVAILABLE",
        _ => "HTTP_" + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string ReasonOf(HttpStatusCode status) => status.ToString();
}
