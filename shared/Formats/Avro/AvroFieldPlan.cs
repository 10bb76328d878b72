using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Shared.Input;
using Handoff.Shared.Schema;

namespace Handoff.Shared.Formats.Avro;

/// <summary>
/// How to decode one field of the file's record into a column of our schema: which column, the
/// position of "null" in its union (-1 when the field is not a union), and the time unit of a
/// timestamp. Built by matching the writer's schema (from the file header) against ours.
/// </summary>
internal sealed record AvroFieldPlan(int Column, int NullIndex, long TimestampMicrosPerUnit)
{
    public bool IsUnion => NullIndex >= 0;

    /// <summary>Plans every field of the file's record, in the file's field order; throws <see cref="FormatException"/> on a mismatch.</summary>
    public static AvroFieldPlan[] Match(string writerSchemaJson, TableSchema schema)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(writerSchemaJson);
        }
        catch (JsonException e)
        {
            throw new InputFormatException($"the Avro schema in the file header is not JSON: {e.Message}", e);
        }

        if (root is not JsonObject record || Text(record["type"]) != "record" || record["fields"] is not JsonArray fields)
        {
            throw new InputFormatException("the Avro file's schema is not a record");
        }

        var plans = new AvroFieldPlan[fields.Count];
        var matched = new bool[schema.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var name = Text(fields[i]?["name"]);
            var column = IndexOf(schema, name);
            if (column < 0)
            {
                throw new InputFormatException($"the Avro file has a field '{name}' that is not a column of the schema ({string.Join(", ", schema.Select(c => c.Name))})");
            }

            matched[column] = true;
            plans[i] = Plan(schema[column], column, fields[i]!["type"]);
        }

        for (var c = 0; c < schema.Count; c++)
        {
            if (!matched[c])
            {
                throw new InputFormatException($"column '{schema[c].Name}' is missing from the Avro file");
            }
        }

        return plans;
    }

    private static AvroFieldPlan Plan(Column column, int index, JsonNode? type)
    {
        var nullIndex = -1;
        if (type is JsonArray union)
        {
            if (union.Count != 2 || !(IsNull(union[0]) ^ IsNull(union[1])))
            {
                throw Mismatch(column, type);
            }

            nullIndex = IsNull(union[0]) ? 0 : 1;
            type = union[1 - nullIndex];
        }

        var (baseType, logical) = type switch
        {
            JsonValue value => (Text(value), (string?)null),
            JsonObject obj => (Text(obj["type"]), Text(obj["logicalType"])),
            _ => (null, null),
        };

        var micros = 0L;
        var matches = column.Type.Kind switch
        {
            LogicalKind.String => baseType == "string" && logical is null or "uuid",
            LogicalKind.Long => baseType == "long" && logical is null,
            LogicalKind.Integer or LogicalKind.Short or LogicalKind.Byte => baseType == "int" && logical is null,
            LogicalKind.Double => baseType == "double" && logical is null,
            LogicalKind.Float => baseType == "float" && logical is null,
            LogicalKind.Boolean => baseType == "boolean" && logical is null,
            LogicalKind.Binary => baseType == "bytes" && logical is null,
            LogicalKind.Date => baseType == "int" && logical == "date",
            LogicalKind.Timestamp => baseType == "long" && (micros = logical switch { "timestamp-micros" => 1, "timestamp-millis" => 1000, _ => 0 }) > 0,
            LogicalKind.Decimal => baseType == "bytes" && logical == "decimal"
                && Number(type!["precision"]) is { } precision && precision <= column.Type.Precision
                && (Number(type["scale"]) ?? 0) == column.Type.Scale,
            _ => false,
        };

        return matches ? new AvroFieldPlan(index, nullIndex, micros) : throw Mismatch(column, type);
    }

    private static bool IsNull(JsonNode? node) => Text(node) == "null";

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static int? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    private static int IndexOf(TableSchema schema, string? name)
    {
        for (var i = 0; i < schema.Count; i++)
        {
            if (schema[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static InputFormatException Mismatch(Column column, JsonNode? type) =>
        new($"column '{column.Name}' is {type?.ToJsonString() ?? "untyped"} in the Avro file, which does not read as {column.Type}");
}
