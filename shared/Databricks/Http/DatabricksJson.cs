using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Handoff.Shared.Databricks.Http;

/// <summary>
/// The one JSON dialect of the REST API: snake_case names, nulls left out. Models keep
/// enum-like fields as strings and collect unknown fields in extension data, so a value or field
/// Databricks adds later passes through instead of breaking us.
/// </summary>
public static class DatabricksJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>For showing a request to a person (<c>--dry-run</c>).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
