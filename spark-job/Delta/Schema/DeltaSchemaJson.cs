using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Handoff.Shared.Input;
using Handoff.Shared.Schema;
using Handoff.SparkJob.Delta.Errors;

namespace Handoff.SparkJob.Delta.Schema;

/// <summary>Reads a metaData.schemaString into a <see cref="DeltaStructType"/>, and writes one from a <see cref="TableSchema"/>.</summary>
public static partial class DeltaSchemaJson
{
    public static DeltaStructType Parse(string schemaString)
    {
        try
        {
            using var document = JsonDocument.Parse(schemaString);
            return ParseType(document.RootElement, "schema") as DeltaStructType
                ?? throw new InputFormatException("the top-level type is not a struct");
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new DeltaException(DeltaErrorKind.CorruptLog, $"the table schema (metaData.schemaString) cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>The schemaString for a table of <paramref name="schema"/>'s columns, with empty column metadata.</summary>
    public static string Write(TableSchema schema)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("type", "struct");
            w.WriteStartArray("fields");
            foreach (var column in schema)
            {
                w.WriteStartObject();
                w.WriteString("name", column.Name);
                w.WriteString("type", column.Type.ToString());
                w.WriteBoolean("nullable", column.Nullable);
                w.WriteStartObject("metadata");
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static DeltaType ParseType(JsonElement element, string where)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return ParsePrimitive(element.GetString()!);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InputFormatException($"{where}: a type must be a string or an object");
        }

        var kind = element.GetProperty("type").GetString();
        return kind switch
        {
            "struct" => new DeltaStructType(element.GetProperty("fields").EnumerateArray().Select(f => ParseField(f, where)).ToList()),
            "array" => new DeltaArrayType(
                ParseType(element.GetProperty("elementType"), where + ".element"),
                !element.TryGetProperty("containsNull", out var cn) || cn.ValueKind != JsonValueKind.False),
            "map" => new DeltaMapType(
                ParseType(element.GetProperty("keyType"), where + ".key"),
                ParseType(element.GetProperty("valueType"), where + ".value"),
                !element.TryGetProperty("valueContainsNull", out var vn) || vn.ValueKind != JsonValueKind.False),
            null => throw new InputFormatException($"{where}: the type has no 'type'"),
            var name => ParsePrimitive(name),
        };
    }

    private static DeltaField ParseField(JsonElement field, string parent)
    {
        var name = field.GetProperty("name").GetString() ?? throw new InputFormatException($"{parent}: a field has no name");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (field.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in meta.EnumerateObject())
            {
                metadata[entry.Name] = entry.Value.GetRawText();
            }
        }

        var nullable = !field.TryGetProperty("nullable", out var n) || n.ValueKind != JsonValueKind.False;
        return new DeltaField(name, ParseType(field.GetProperty("type"), $"{parent}.{name}"), nullable, metadata);
    }

    private static DeltaType ParsePrimitive(string name)
    {
        var text = name.Trim();
        if (text == "decimal")
        {
            return new DeltaDecimalType(10, 0);
        }

        var match = DecimalPattern().Match(text);
        if (match.Success)
        {
            return new DeltaDecimalType(
                int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        }

        return new DeltaPrimitiveType(text);
    }

    [GeneratedRegex(@"^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$")]
    private static partial Regex DecimalPattern();
}
