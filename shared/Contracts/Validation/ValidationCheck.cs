using System.Text.Json.Serialization;

namespace Handoff.Shared.Validation;

public enum CheckStatus
{
    Passed,
    Failed,

    /// <summary>The fact needed was unavailable (no statistics, no checksum); reported, but does not fail the run.</summary>
    Unverified,
}

/// <summary>One comparison between the manifest (expected) and what the load produced (actual).</summary>
public sealed record ValidationCheck(string Name, string Expected, string Actual, [property: JsonConverter(typeof(CheckStatusJsonConverter))] CheckStatus Status)
{
    public static ValidationCheck Compare(string name, string expected, string actual) =>
        new(name, expected, actual, string.Equals(expected, actual, StringComparison.Ordinal) ? CheckStatus.Passed : CheckStatus.Failed);
}
