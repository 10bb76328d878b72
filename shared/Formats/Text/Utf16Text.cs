namespace Handoff.Shared.Formats.Text;

/// <summary>Checks on .NET strings before they are encoded as UTF-8.</summary>
internal static class Utf16Text
{
    public static InvalidDataException UnpairedSurrogate(ReadOnlySpan<char> text) =>
        new($"a string holds an unpaired UTF-16 surrogate, which has no UTF-8 form: '{(text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "..."))}'");
}
