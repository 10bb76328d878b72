using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Handoff.Shared.Databricks.Http;

/// <summary>Makes request and response bodies safe to log: secret-looking fields become "***", long bodies are cut.</summary>
internal static class Redaction
{
    public const int MaxLoggedChars = 4000;

    private static readonly string[] SecretNames = ["token", "secret", "password", "credential", "authorization", "sas", "key", "string_value", "bytes_value"];

    /// <summary>Field names that look secret but are not: paging and idempotency tokens, and ids.</summary>
    private static readonly HashSet<string> NotSecret = new(StringComparer.OrdinalIgnoreCase)
    {
        "idempotency_token", "page_token", "next_page_token", "prev_page_token", "task_key", "job_cluster_key",
        "environment_key", "secret_scope", "secret_key", "key", "token_type", "expires_in",
    };

    public static bool IsSecretName(string name) =>
        !NotSecret.Contains(name) && SecretNames.Any(s => name.Contains(s, StringComparison.OrdinalIgnoreCase));

    public static string Json(JsonNode? node) => node is null ? string.Empty : Cut(Redact(node.DeepClone()).ToJsonString(DatabricksJson.Options));

    public static string Body(byte[] body, string? contentType)
    {
        if (body.Length == 0)
        {
            return string.Empty;
        }

        if (contentType is not null && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return $"<{body.Length} bytes {contentType}>";
        }

        try
        {
            return Json(JsonNode.Parse(body));
        }
        catch (JsonException)
        {
            return $"<{body.Length} bytes, not JSON>: " + Cut(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200)));
        }
    }

    private static JsonNode Redact(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is JsonValue && IsSecretName(name))
                    {
                        obj[name] = "***";
                    }
                    else if (value is not null)
                    {
                        Redact(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Redact(item);
                    }
                }

                break;
        }

        return node;
    }

    private static string Cut(string text) => text.Length <= MaxLoggedChars ? text : text[..MaxLoggedChars] + $"… ({text.Length} chars)";
}
