using System.Text.Json.Nodes;

namespace Handoff.Shared.Databricks.Errors;

/// <summary>One <c>BadRequest</c> field violation: the field's path in the request and why it was refused.</summary>
public sealed record FieldViolation(string Field, string Description);

/// <summary>
/// The decoded <c>details</c> of an API error, the google.rpc types the Databricks SDK decodes
/// (databricks/databricks-sdk-go v0.175.0, apierr/details.go): <c>ErrorInfo</c> (reason, domain,
/// metadata), <c>RequestInfo</c> (the request id to quote to support) and <c>BadRequest</c>
/// (field violations). Other detail types are kept only in the raw array.
/// </summary>
public sealed record ApiErrorDetails
{
    private const string TypePrefix = "type.googleapis.com/google.rpc.";

    public string? Reason { get; init; }

    public string? Domain { get; init; }

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public string? RequestId { get; init; }

    public IReadOnlyList<FieldViolation> FieldViolations { get; init; } = [];

    public bool IsEmpty => Reason is null && RequestId is null && FieldViolations.Count == 0;

    public static ApiErrorDetails Decode(JsonArray? details)
    {
        var decoded = new ApiErrorDetails();
        foreach (var detail in (details ?? []).OfType<JsonObject>())
        {
            decoded = Text(detail["@type"]) switch
            {
                TypePrefix + "ErrorInfo" => decoded with
                {
                    Reason = Text(detail["reason"]),
                    Domain = Text(detail["domain"]),
                    Metadata = (detail["metadata"] as JsonObject ?? []).Where(p => Text(p.Value) is not null).ToDictionary(p => p.Key, p => Text(p.Value)!),
                },
                TypePrefix + "RequestInfo" => decoded with { RequestId = Text(detail["request_id"]) },
                TypePrefix + "BadRequest" => decoded with
                {
                    FieldViolations = (detail["field_violations"] as JsonArray ?? []).OfType<JsonObject>()
                        .Select(v => new FieldViolation(Text(v["field"]) ?? string.Empty, Text(v["description"]) ?? string.Empty)).ToList(),
                },
                _ => decoded,
            };
        }

        return decoded;
    }

    /// <summary>"field tasks[0].x: not allowed; reason INVALID_FIELD; request id 1234", or empty.</summary>
    public override string ToString() => string.Join("; ", new[]
    {
        FieldViolations.Count == 0 ? null : string.Join("; ", FieldViolations.Select(v => $"field {v.Field}: {v.Description}")),
        Reason is null ? null : $"reason {Reason}",
        RequestId is null ? null : $"request id {RequestId}",
    }.Where(part => part is not null));

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
