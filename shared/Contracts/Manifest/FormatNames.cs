
namespace Handoff.Shared.Manifest;

/// <summary>The manifest's names for file formats and CSV quote modes.</summary>
internal static class FormatNames
{
    public static string ToText(FileFormat format) => format switch
    {
        FileFormat.Parquet => "parquet",
        FileFormat.Avro => "avro",
        FileFormat.Csv => "csv",
        FileFormat.Json => "json",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown file format"),
    };

    public static IReadOnlyList<string> Formats { get; } = ["parquet", "avro", "csv", "json"];

    public static FileFormat? ParseFormat(string text) => text switch
    {
        "parquet" => FileFormat.Parquet,
        "avro" => FileFormat.Avro,
        "csv" => FileFormat.Csv,
        "json" => FileFormat.Json,
        _ => null,
    };

    public static string ToText(CsvQuoteMode mode) => mode switch
    {
        CsvQuoteMode.All => "all",
        CsvQuoteMode.NonNull => "nonNull",
        CsvQuoteMode.Needed => "needed",
        CsvQuoteMode.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown quote mode"),
    };

    public static IReadOnlyList<string> QuoteModes { get; } = ["all", "nonNull", "needed", "none"];

    public static CsvQuoteMode? ParseQuoteMode(string text) => text switch
    {
        "all" => CsvQuoteMode.All,
        "nonNull" => CsvQuoteMode.NonNull,
        "needed" => CsvQuoteMode.Needed,
        "none" => CsvQuoteMode.None,
        _ => null,
    };
}
