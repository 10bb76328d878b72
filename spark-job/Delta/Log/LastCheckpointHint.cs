using System.Text.Json;

namespace Handoff.SparkJob.Delta.Log;

/// <summary>
/// <c>_delta_log/_last_checkpoint</c>: where the newest checkpoint is, so that readers can skip
/// older entries. It is only a hint: an unreadable or stale file is ignored.
/// </summary>
public sealed record LastCheckpointHint(long Version, long Size, int? Parts, long? SizeInBytes, long? NumOfAddFiles)
{
    public const string FileName = "_last_checkpoint";

    public static string PathInTable => $"{LogFile.LogFolder}/{FileName}";

    public static LastCheckpointHint? TryParse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number)
            {
                return null;
            }

            return new LastCheckpointHint(
                version.GetInt64(),
                root.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : 0,
                root.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Number ? parts.GetInt32() : null,
                root.TryGetProperty("sizeInBytes", out var bytes) && bytes.ValueKind == JsonValueKind.Number ? bytes.GetInt64() : null,
                root.TryGetProperty("numOfAddFiles", out var adds) && adds.ValueKind == JsonValueKind.Number ? adds.GetInt64() : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public byte[] ToJsonBytes()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("version", Version);
            w.WriteNumber("size", Size);
            if (Parts is { } parts)
            {
                w.WriteNumber("parts", parts);
            }

            if (SizeInBytes is { } bytes)
            {
                w.WriteNumber("sizeInBytes", bytes);
            }

            if (NumOfAddFiles is { } adds)
            {
                w.WriteNumber("numOfAddFiles", adds);
            }

            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
