using System.Text.Encodings.Web;
using System.Text.Json;

namespace Handoff.Shared.Cli;

/// <summary>
/// How the programs write JSON for scripts and people: compact, and escaped only where JSON
/// requires it. The default encoder writes an apostrophe as \u0027 and non-ASCII letters as
/// escapes, which is safe inside HTML but makes messages hard to read on a terminal.
/// </summary>
public static class CliJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
