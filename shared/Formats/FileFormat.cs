namespace Handoff.Shared.Formats;

public enum FileFormat
{
    Parquet,
    Avro,
    Csv,
    Json,
}
