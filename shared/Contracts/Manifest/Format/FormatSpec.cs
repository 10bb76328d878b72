namespace Handoff.Shared.Manifest;

/// <summary>
/// How an export's files are encoded: the format, its compression codec and, for CSV, the
/// dialect. Compression names: parquet snappy|gzip|zstd|none; avro null|deflate|snappy;
/// csv and json none|gzip.
/// </summary>
public sealed record FormatSpec(FileFormat Type, string Compression, CsvOptions? Csv = null)
{
    public static string DefaultCompression(FileFormat type) => type switch
    {
        FileFormat.Parquet => "snappy",
        FileFormat.Avro => "null",
        _ => "none",
    };

    public static IReadOnlyList<string> Compressions(FileFormat type) => type switch
    {
        FileFormat.Parquet => ["snappy", "gzip", "zstd", "none"],
        FileFormat.Avro => ["null", "deflate", "snappy"],
        _ => ["none", "gzip"],
    };

    /// <summary>The file extension, with its compression suffix: ".parquet", ".csv.gz", ...</summary>
    public string Extension => Type switch
    {
        FileFormat.Parquet => ".parquet",
        FileFormat.Avro => ".avro",
        FileFormat.Csv => Compression == "gzip" ? ".csv.gz" : ".csv",
        FileFormat.Json => Compression == "gzip" ? ".json.gz" : ".json",
        _ => throw new InvalidOperationException($"unknown format {Type}"),
    };
}
