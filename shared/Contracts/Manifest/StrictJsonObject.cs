using System.Text.Json;

namespace Handoff.Shared.Manifest;

/// <summary>
/// A JSON object read strictly: every property must be one the reader knows and appear once,
/// and every getter names the field's JSON path when the value is missing or of the wrong type.
/// </summary>
internal readonly struct StrictJsonObject
{
    private readonly JsonElement _element;
    private readonly string _path;

    private StrictJsonObject(JsonElement element, string path)
    {
        _element = element;
        _path = path;
    }

    /// <summary>Checks that <paramref name="element"/> is an object with only <paramref name="known"/> properties, each once.</summary>
    public static StrictJsonObject Of(JsonElement element, string path, params string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw WrongType(path.Length == 0 ? ManifestException.Document : path, "an object", element);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var field = Join(path, property.Name);
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new ManifestException(field, $"is not a manifest field here (expected: {string.Join(", ", known)})");
            }

            if (!seen.Add(property.Name))
            {
                throw new ManifestException(field, "appears twice in the same object");
            }
        }

        return new StrictJsonObject(element, path);
    }

    public string PathOf(string name) => Join(_path, name);

    public JsonElement Required(string name) =>
        _element.TryGetProperty(name, out var value)
            ? value
            : throw new ManifestException(PathOf(name), "is required but missing");

    public string String(string name)
    {
        var value = Required(name);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw WrongType(PathOf(name), "a string", value);
    }

    public bool Boolean(string name)
    {
        var value = Required(name);
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw WrongType(PathOf(name), "true or false", value);
    }

    public long Int64(string name) => Int64(Required(name), PathOf(name));

    public static long Int64(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw WrongType(field, "a whole number", value);
        }

        return value.TryGetInt64(out var number)
            ? number
            : throw new ManifestException(field, $"{value.GetRawText()} is not a whole number in the 64-bit range");
    }

    public StrictJsonObject Object(string name, params string[] known) => Of(Required(name), PathOf(name), known);

    /// <summary>The property's object, or null when the property is JSON null.</summary>
    public StrictJsonObject? ObjectOrNull(string name, params string[] known)
    {
        var value = Required(name);
        return value.ValueKind == JsonValueKind.Null ? null : Of(value, PathOf(name), known);
    }

    public JsonElement.ArrayEnumerator Array(string name)
    {
        var value = Required(name);
        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw WrongType(PathOf(name), "an array", value);
    }

    public static ManifestException WrongType(string field, string expected, JsonElement actual) =>
        new(field, $"must be {expected}, not {Describe(actual.ValueKind)}");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
