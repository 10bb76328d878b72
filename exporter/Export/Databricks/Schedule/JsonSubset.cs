using System.Text.Json;
using System.Text.Json.Nodes;

namespace Handoff.Exporter.Databricks.Schedule;

/// <summary>
/// "Does the job already have these settings?": every field we would send has the same value
/// in what the workspace returned. The workspace adds defaults of its own (a task's
/// <c>run_if</c>, empty notification objects, ...), so extra fields on its side do not count.
/// </summary>
public static class JsonSubset
{
    public static bool IsSubset(JsonNode? wanted, JsonNode? actual) => wanted switch
    {
        null => actual is null,
        JsonObject want => actual is JsonObject have && want.All(p => IsSubset(p.Value, have[p.Key])),
        JsonArray want => actual is JsonArray have && want.Count == have.Count && want.Select((w, i) => IsSubset(w, have[i])).All(same => same),
        JsonValue want => actual is JsonValue have && SameValue(want, have),
        _ => false,
    };

    private static bool SameValue(JsonValue want, JsonValue have)
    {
        using var a = JsonDocument.Parse(want.ToJsonString());
        using var b = JsonDocument.Parse(have.ToJsonString());
        var x = a.RootElement;
        var y = b.RootElement;
        if (x.ValueKind == JsonValueKind.Number && y.ValueKind == JsonValueKind.Number)
        {
            return x.TryGetDecimal(out var m) && y.TryGetDecimal(out var n) ? m == n : x.GetDouble().Equals(y.GetDouble());
        }

        return x.ValueKind == y.ValueKind && (x.ValueKind != JsonValueKind.String || x.GetString() == y.GetString());
    }
}
