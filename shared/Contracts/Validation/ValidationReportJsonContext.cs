using System.Text.Json.Serialization;

namespace Handoff.Shared.Validation;

/// <summary>The report's JSON contract, generated at compile time: camelCase names in declaration order.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ValidationReport))]
[JsonSerializable(typeof(ValidationSummary))]
public sealed partial class ValidationReportJsonContext : JsonSerializerContext
{
}
