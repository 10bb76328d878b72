namespace Handoff.Shared.Formats.TextInput;

/// <summary>
/// The longest record (a CSV record, an NDJSON line) the text readers hold. A file that is not in
/// its declared dialect (CR-only line endings, a quote never closed, a binary file) would otherwise
/// be read into memory whole as a single record; past this length it is refused at once. DuckDB's
/// read_csv stops at 2 MB by default; 16 MiB leaves room for long text values.
/// </summary>
internal static class TextRecordLimit
{
    /// <summary>In chars for CSV (never more than its UTF-8 bytes) and in bytes for NDJSON.</summary>
    public const int MaxLength = 16 * 1024 * 1024;

    public const string Described = "16 MiB";
}
