using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Handoff.Shared.Databricks.Errors;

namespace Handoff.Shared.Databricks.Http;

/// <summary>
/// Turns an error response into a typed exception, trying the body formats in the Databricks
/// SDK's order (databricks/databricks-sdk-go v0.175.0, apierr/errors.go
/// <c>parseErrorFromResponse</c>): JSON <c>{error_code, message, details}</c>, where an old-style
/// <c>error</c> field is the message (API 1.2) and SCIM errors carry <c>detail</c>/<c>status</c>;
/// then <c>CODE: message</c> text; then an HTML page (the SDK reads its <c>&lt;pre&gt;</c>; we also
/// fall back to its title, then its text without tags). An empty body gets the HTTP reason.
/// Two answers are renamed as the SDK renames them (apierr/error_overrides.go): a 400
/// INVALID_PARAMETER_VALUE "Job … does not exist" from jobs/get and "Run … does not exist" from
/// jobs/runs/get are RESOURCE_DOES_NOT_EXIST. The API's own message is kept, so a 403 says
/// exactly which permission is missing.
/// </summary>
internal static partial class ApiErrorParser
{
    private const int MaxMessageChars = 500;

    public static DatabricksRequestException Parse(DatabricksRequest request, HttpStatusCode status, string? reasonPhrase, byte[] body, string credentialDescription)
    {
        var (errorCode, apiMessage, details) = Read(status, reasonPhrase, body);
        errorCode = Override(request, status, errorCode, apiMessage) ?? errorCode ?? DefaultCode(status);
        var code = (int)status;
        var detail = ApiErrorDetails.Decode(details);
        var said = (apiMessage.Length > 0 ? apiMessage : status.ToString()) + (detail.IsEmpty ? string.Empty : $" ({detail})");
        var operation = request.Operation;
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

    private static (string? Code, string Message, JsonArray? Details) Read(HttpStatusCode status, string? reasonPhrase, byte[] body)
    {
        if (body.Length == 0)
        {
            return (null, reasonPhrase ?? string.Empty, null);
        }

        if (TryJson(body) is { } json)
        {
            return json;
        }

        var text = Encoding.UTF8.GetString(body);
        if (CodedText().Match(text) is { Success: true } coded)
        {
            return (coded.Groups[1].Value, Cut(coded.Groups[2].Value), null);
        }

        if (FromHtml(text) is { } page)
        {
            return (HtmlCode(status, reasonPhrase), page, null);
        }

        return ("UNKNOWN", Cut(OneLine(text)), null);
    }

    private static (string? Code, string Message, JsonArray? Details)? TryJson(byte[] body)
    {
        JsonObject? obj;
        try
        {
            obj = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (obj is null)
        {
            return null;
        }

        var code = Text(obj["error_code"]);
        var message = Text(obj["message"]) ?? string.Empty;
        if (Text(obj["error"]) is { Length: > 0 } old)
        {
            // API 1.2's field is the message; OAuth endpoints add error_description to it (RFC 6749).
            message = Text(obj["error_description"]) is { Length: > 0 } description ? $"{old}: {description}" : old;
        }

        if (message.Length == 0 && Text(obj["detail"]) is { } scim)
        {
            message = $"{Text(obj["scimType"])} {(scim == "null" ? "SCIM API Internal Error" : scim)}".Trim();
            code = $"SCIM_{Text(obj["status"])}";
        }

        return (code, message, obj["details"] as JsonArray);
    }

    /// <summary>The page's &lt;pre&gt; (the SDK's rule), else its &lt;title&gt;, else its text without tags; null when it is not HTML.</summary>
    private static string? FromHtml(string text)
    {
        if (Pre().Match(text) is { Success: true } pre)
        {
            return Cut(WebUtility.HtmlDecode(pre.Groups[1].Value).Trim(' ', '.'));
        }

        if (!text.Contains("<html", StringComparison.OrdinalIgnoreCase) && !text.Contains("<!doctype html", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (Title().Match(text) is { Success: true } title && title.Groups[1].Value.Trim().Length > 0)
        {
            return "HTML page: " + Cut(OneLine(WebUtility.HtmlDecode(title.Groups[1].Value)));
        }

        return "HTML page: " + Cut(OneLine(WebUtility.HtmlDecode(Tags().Replace(Scripts().Replace(text, " "), " "))));
    }

    private static string? Override(DatabricksRequest request, HttpStatusCode status, string? code, string message)
    {
        if (status != HttpStatusCode.BadRequest || code != "INVALID_PARAMETER_VALUE" || request.Method != HttpMethod.Get)
        {
            return null;
        }

        var path = request.PathAndQuery.Split('?')[0];
        return (JobsGet().IsMatch(path) && JobMissing().IsMatch(message)) || (RunsGet().IsMatch(path) && RunMissing().IsMatch(message))
            ? "RESOURCE_DOES_NOT_EXIST"
            : null;
    }

    private static string HtmlCode(HttpStatusCode status, string? reasonPhrase) =>
        string.IsNullOrWhiteSpace(reasonPhrase) ? "UNKNOWN" : reasonPhrase.Trim(' ', '.').ToUpperInvariant().Replace(' ', '_');

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

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

    private static string OneLine(string text) => Spaces().Replace(text, " ").Trim();

    private static string Cut(string text) => text.Length <= MaxMessageChars ? text : text[..MaxMessageChars] + "…";

    [GeneratedRegex(@"^([A-Z_]+): (.*)$")]
    private static partial Regex CodedText();

    [GeneratedRegex(@"<pre>(.*)</pre>")]
    private static partial Regex Pre();

    [GeneratedRegex(@"<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Title();

    [GeneratedRegex(@"<(script|style)[^>]*>.*?</\1>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Scripts();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^/api/2\.\d/jobs/get")]
    private static partial Regex JobsGet();

    [GeneratedRegex(@"^/api/2\.\d/jobs/runs/get")]
    private static partial Regex RunsGet();

    [GeneratedRegex(@"Job .* does not exist")]
    private static partial Regex JobMissing();

    [GeneratedRegex(@"(Run .* does not exist|Run: .* in job: .* doesn't exist)")]
    private static partial Regex RunMissing();
}
