using Handoff.Shared.Input;

namespace Handoff.Shared.Formats.TextOutput;

/// <summary>The error for a .NET string that has no UTF-8 form (it holds half a surrogate pair).</summary>
internal static class Utf16Text
{
    public static InputDataException UnpairedSurrogate(ReadOnlySpan<char> text) =>
        new($"a string holds an unpaired UTF-16 surrogate, which has no UTF-8 form: '{(text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "..."))}'");
}
