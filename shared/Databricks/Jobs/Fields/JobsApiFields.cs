using System.Text.Json.Nodes;

namespace Handoff.Shared.Databricks.Jobs.Fields;

/// <summary>
/// The fields the Jobs API defines for its request bodies, generated from the Databricks SDK's
/// models (<c>JobsApiFields.g.cs</c>, databricks/databricks-sdk-go v0.175.0 at
/// <see cref="SourceCommit"/>, service/jobs/model.go and service/compute/model.go). Used to refuse
/// a <c>--from</c> file's keys that the API does not define, and by the test workspace to answer
/// an unknown field with 400 as the API does.
/// </summary>
public static partial class JobsApiFields
{
    /// <summary>The body of jobs/create.</summary>
    public const string CreateJob = "CreateJob";

    /// <summary>A job's settings: what <c>--from</c> files hold, and new_settings of jobs/reset and jobs/update.</summary>
    public const string JobSettings = "JobSettings";

    public const string ResetJob = "ResetJob";
    public const string UpdateJob = "UpdateJob";
    public const string SubmitRun = "SubmitRun";
    public const string RunNow = "RunNow";
    public const string CancelRun = "CancelRun";
    public const string DeleteJob = "DeleteJob";

    // Lazy: static initialisers of a partial class's files run in no defined order, and Declared is in the other file.
    private static readonly Lazy<Dictionary<string, Dictionary<string, Field>>> Parsed = new(() => Declared.ToDictionary(
        t => t.Key,
        t => t.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Field.Parse).ToDictionary(f => f.Name, StringComparer.Ordinal),
        StringComparer.Ordinal));

    private static Dictionary<string, Dictionary<string, Field>> Types => Parsed.Value;

    /// <summary>True when <paramref name="type"/> defines <paramref name="field"/>.</summary>
    public static bool Defines(string type, string field) => Types[type].ContainsKey(field);

    /// <summary>The JSON paths of the keys in <paramref name="body"/>, at any depth, that the API does not define ("tasks[0].notebook_task.foo").</summary>
    public static IReadOnlyList<string> UnknownFields(JsonNode? body, string type)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        var unknown = new List<string>();
        Walk(body, type, string.Empty, unknown);
        return unknown;
    }

    private static void Walk(JsonNode? node, string type, string path, List<string> unknown)
    {
        if (node is not JsonObject obj)
        {
            return;
        }

        var fields = Types[type];
        foreach (var (key, value) in obj)
        {
            var here = path.Length == 0 ? key : $"{path}.{key}";
            if (!fields.TryGetValue(key, out var field))
            {
                unknown.Add(here);
                continue;
            }

            switch (field)
            {
                case { Type: null }:
                    break;
                case { Shape: Shape.Array } when value is JsonArray items:
                    for (var i = 0; i < items.Count; i++)
                    {
                        Walk(items[i], field.Type, $"{here}[{i}]", unknown);
                    }

                    break;
                case { Shape: Shape.Map } when value is JsonObject entries:
                    foreach (var (name, entry) in entries)
                    {
                        Walk(entry, field.Type, $"{here}.{name}", unknown);
                    }

                    break;
                case { Shape: Shape.Object }:
                    Walk(value, field.Type, here, unknown);
                    break;
            }
        }
    }

    private enum Shape
    {
        Object,
        Array,
        Map,
    }

    /// <summary><c>name</c>, <c>name{}</c>, <c>name:Type</c>, <c>name:Type[]</c> or <c>name:Type{}</c>.</summary>
    private sealed record Field(string Name, string? Type, Shape Shape)
    {
        public static Field Parse(string text)
        {
            var shape = text.EndsWith("[]", StringComparison.Ordinal) ? Shape.Array : text.EndsWith("{}", StringComparison.Ordinal) ? Shape.Map : Shape.Object;
            var bare = shape == Shape.Object ? text : text[..^2];
            var colon = bare.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? new Field(bare, null, shape) : new Field(bare[..colon], bare[(colon + 1)..], shape);
        }
    }
}
