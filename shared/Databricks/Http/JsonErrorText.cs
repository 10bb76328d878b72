using System.Text.Json;

namespace Handoff.Shared.Databricks.Http;

/// <summary>A JSON parser's complaint on one line, without the position (the caller states line and column its own way).</summary>
internal static class JsonErrorText
{
    public static string Of(JsonException error) =>
        error.Message.Split(" LineNumber:")[0].Split(" Path:")[0].ReplaceLineEndings(" ").Trim();
}
