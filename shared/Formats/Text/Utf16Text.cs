namespace Handoff.Shared.Formats.Text;

/// <summary>Checks on .NET strings before they are encoded as UTF-8.</summary>
internal static class Utf16Text
{
    /// <summary>True if the text holds half a surrogate pair, which has no UTF-8 form.</summary>
    public static bool HasUnpairedSurrogate(ReadOnlySpan<char> text)
    {
        var first = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return false;
        }

        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    public static InvalidDataException UnpairedSurrogate(ReadOnlySpan<char> text) =>
        new($"a string holds an unpaired UTF-16 surrogate, which has no UTF-8 form: '{(text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "..."))}'");
}
