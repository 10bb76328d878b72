namespace Handoff.Shared.Manifest;

public enum FileFormat
{
    Parquet,
    Avro,
    Csv,
    Json,
}
