using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Handoff.Shared.Validation;

/// <summary>A check's status as a lowercase word; any word other than "passed" or "unverified" reads back as failed, as it always did.</summary>
public sealed class CheckStatusJsonConverter : JsonConverter<CheckStatus>
{
    public override CheckStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? Parse(reader.GetString()) : CheckStatus.Failed;

    public override void Write(Utf8JsonWriter writer, CheckStatus value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Text(value));
    }

    public static string Text(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "passed",
        CheckStatus.Failed => "failed",
        CheckStatus.Unverified => "unverified",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown check status"),
    };

    private static CheckStatus Parse(string? text) => text switch
    {
        "passed" => CheckStatus.Passed,
        "unverified" => CheckStatus.Unverified,
        _ => CheckStatus.Failed,
    };
}

/// <summary>A report's start time, always written in UTC (ISO 8601 with +00:00); read back in any offset, or as the Unix epoch when it is not a time.</summary>
public sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : DateTimeOffset.UnixEpoch;

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToUniversalTime());
    }
}

/// <summary>A duration as whole milliseconds (a JSON integer).</summary>
public sealed class MillisecondsJsonConverter : JsonConverter<TimeSpan?>
{
    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms) ? TimeSpan.FromMilliseconds(ms) : null;

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } elapsed)
        {
            writer.WriteNumberValue((long)elapsed.TotalMilliseconds);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
