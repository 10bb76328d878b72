using System.Text.Json;
using Handoff.Shared.Input;
using Handoff.SparkJob.Delta.Errors;

namespace Handoff.SparkJob.Delta.Actions;

/// <summary>
/// Parses one line of a commit (or JSON checkpoint) into an action. Unknown actions (cdc,
/// domainMetadata, ...) and unknown fields are ignored, as the protocol requires.
/// </summary>
public static class ActionJsonReader
{
    /// <summary>The action on <paramref name="line"/>, or null for a blank line or an action this code does not model.</summary>
    public static IDeltaAction? Parse(string line, string source, int lineNumber)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InputFormatException("the line is not a JSON object");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                IDeltaAction? action = property.Name switch
                {
                    "add" => ReadAdd(property.Value),
                    "remove" => ReadRemove(property.Value),
                    "metaData" => ReadMetadata(property.Value),
                    "protocol" => ReadProtocol(property.Value),
                    "txn" => ReadTxn(property.Value),
                    "commitInfo" => ReadCommitInfo(property.Value),
                    "sidecar" => ReadSidecar(property.Value),
                    "checkpointMetadata" => new CheckpointMetadata(RequiredLong(property.Value, "version")),
                    _ => null,
                };
                if (action is not null)
                {
                    return action;
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new DeltaException(DeltaErrorKind.CorruptLog, $"{source} line {lineNumber} is not a valid Delta action: {ex.Message}", ex);
        }
    }

    /// <summary>Reads a JSON object of string values (partitionValues, configuration, ...). Non-string values keep their JSON text.</summary>
    public static Dictionary<string, string?> ReadStringMap(JsonElement element)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (element.ValueKind != JsonValueKind.Object)
        {
            return map;
        }

        foreach (var property in element.EnumerateObject())
        {
            map[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => property.Value.GetString(),
                _ => property.Value.GetRawText(),
            };
        }

        return map;
    }

    internal static AddFile ReadAdd(JsonElement e) => new(
        RequiredString(e, "path"),
        OptionalMap(e, "partitionValues") ?? new Dictionary<string, string?>(),
        OptionalLong(e, "size") ?? 0,
        OptionalLong(e, "modificationTime") ?? 0,
        OptionalBool(e, "dataChange") ?? true,
        OptionalString(e, "stats"),
        OptionalMap(e, "tags"),
        OptionalDeletionVector(e),
        OptionalLong(e, "baseRowId"),
        OptionalLong(e, "defaultRowCommitVersion"),
        OptionalString(e, "clusteringProvider"));

    private static RemoveFile ReadRemove(JsonElement e) => new(
        RequiredString(e, "path"),
        OptionalLong(e, "deletionTimestamp"),
        OptionalBool(e, "dataChange") ?? true,
        OptionalBool(e, "extendedFileMetadata"),
        OptionalMap(e, "partitionValues"),
        OptionalLong(e, "size"),
        OptionalDeletionVector(e),
        OptionalLong(e, "baseRowId"),
        OptionalLong(e, "defaultRowCommitVersion"));

    private static MetadataAction ReadMetadata(JsonElement e)
    {
        string provider = "parquet";
        Dictionary<string, string?> options = new();
        if (e.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.Object)
        {
            provider = OptionalString(format, "provider") ?? provider;
            options = OptionalMap(format, "options") ?? options;
        }

        return new MetadataAction(
            OptionalString(e, "id") ?? string.Empty,
            OptionalString(e, "name"),
            OptionalString(e, "description"),
            provider,
            options,
            OptionalString(e, "schemaString"),
            OptionalStringList(e, "partitionColumns") ?? [],
            OptionalMap(e, "configuration") ?? new Dictionary<string, string?>(),
            OptionalLong(e, "createdTime"));
    }

    private static ProtocolAction ReadProtocol(JsonElement e) => new(
        (int)RequiredLong(e, "minReaderVersion"),
        (int)RequiredLong(e, "minWriterVersion"),
        OptionalStringList(e, "readerFeatures"),
        OptionalStringList(e, "writerFeatures"));

    private static TxnAction ReadTxn(JsonElement e) => new(
        RequiredString(e, "appId"),
        RequiredLong(e, "version"),
        OptionalLong(e, "lastUpdated"));

    private static CommitInfo ReadCommitInfo(JsonElement e) => new(
        OptionalLong(e, "timestamp"),
        OptionalString(e, "operation"),
        OptionalMap(e, "operationParameters") ?? new Dictionary<string, string?>(),
        OptionalLong(e, "readVersion"),
        OptionalBool(e, "isBlindAppend"),
        OptionalString(e, "isolationLevel"),
        OptionalMap(e, "operationMetrics"),
        OptionalString(e, "engineInfo"),
        OptionalString(e, "userMetadata"),
        OptionalString(e, "txnId"));

    private static SidecarFile ReadSidecar(JsonElement e) => new(
        RequiredString(e, "path"),
        OptionalLong(e, "sizeInBytes") ?? 0,
        OptionalLong(e, "modificationTime") ?? 0);

    private static DeletionVectorDescriptor? OptionalDeletionVector(JsonElement parent)
    {
        if (!parent.TryGetProperty("deletionVector", out var e) || e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new DeletionVectorDescriptor(
            RequiredString(e, "storageType"),
            RequiredString(e, "pathOrInlineDv"),
            (int?)OptionalLong(e, "offset"),
            (int)(OptionalLong(e, "sizeInBytes") ?? 0),
            RequiredLong(e, "cardinality"),
            OptionalLong(e, "maxRowIndex"));
    }

    private static string RequiredString(JsonElement e, string name) =>
        OptionalString(e, name) ?? throw new InputFormatException($"'{name}' is missing or not a string");

    private static long RequiredLong(JsonElement e, string name) =>
        OptionalLong(e, name) ?? throw new InputFormatException($"'{name}' is missing or not a number");

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? OptionalLong(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number => v.GetInt64(),
            JsonValueKind.String when long.TryParse(v.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    private static bool? OptionalBool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    private static Dictionary<string, string?>? OptionalMap(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? ReadStringMap(v) : null;

    private static List<string>? OptionalStringList(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList();
    }
}
