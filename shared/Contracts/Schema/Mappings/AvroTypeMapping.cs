using System.Text.Json.Nodes;

namespace Handoff.Shared.Schema.Mappings;

/// <summary>
/// Logical types as Avro types, the way Spark's Avro writer spells them: a record named
/// "topLevelRecord" with one field per column, nullable columns as the union ["null", T];
/// long, int (also for short and byte), float, double, boolean, string, bytes; date as int
/// (date); timestamp as long (timestamp-micros); decimal as bytes (decimal, precision, scale).
/// </summary>
public static class AvroTypeMapping
{
    public const string RecordName = "topLevelRecord";

    /// <summary>The Avro schema of a row, as JSON text (the "avro.schema" of a container file).</summary>
    public static string ToSchemaJson(TableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var fields = new JsonArray();
        foreach (var column in schema)
        {
            CheckName(column.Name);
            var type = ToTypeJson(column.Type);
            fields.Add(column.Nullable
                ? new JsonObject { ["name"] = column.Name, ["type"] = new JsonArray("null", type), ["default"] = null }
                : new JsonObject { ["name"] = column.Name, ["type"] = type });
        }

        return new JsonObject { ["type"] = "record", ["name"] = RecordName, ["fields"] = fields }.ToJsonString();
    }

    /// <summary>The schema as Apache.Avro's object model.</summary>
    public static global::Avro.RecordSchema ToSchema(TableSchema schema) => (global::Avro.RecordSchema)global::Avro.Schema.Parse(ToSchemaJson(schema));

    /// <summary>The (non-null) Avro type of a column type.</summary>
    public static JsonNode ToTypeJson(LogicalType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            LogicalKind.String => "string",
            LogicalKind.Long => "long",
            LogicalKind.Integer or LogicalKind.Short or LogicalKind.Byte => "int",
            LogicalKind.Double => "double",
            LogicalKind.Float => "float",
            LogicalKind.Boolean => "boolean",
            LogicalKind.Binary => "bytes",
            LogicalKind.Date => new JsonObject { ["type"] = "int", ["logicalType"] = "date" },
            LogicalKind.Timestamp => new JsonObject { ["type"] = "long", ["logicalType"] = "timestamp-micros" },
            LogicalKind.Decimal => new JsonObject { ["type"] = "bytes", ["logicalType"] = "decimal", ["precision"] = type.Precision, ["scale"] = type.Scale },
            _ => throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "no Avro type for this kind"),
        };
    }

    /// <summary>Avro names are [A-Za-z_][A-Za-z0-9_]*; a column with another name cannot be an Avro field.</summary>
    public static void CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var valid = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_');
        for (var i = 1; valid && i < name.Length; i++)
        {
            valid = char.IsAsciiLetterOrDigit(name[i]) || name[i] == '_';
        }

        if (!valid)
        {
            throw new SchemaException($"column '{name}' is not a valid Avro field name (letters, digits and _, not starting with a digit); rename it in the query or export another format");
        }
    }
}
