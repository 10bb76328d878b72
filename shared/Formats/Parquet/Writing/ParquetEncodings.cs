namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>Values of parquet.thrift's Encoding enum that the writer uses.</summary>
internal static class ParquetEncodings
{
    public const int Plain = 0;

    /// <summary>The dictionary encoding of v1 data pages and their dictionary page, as parquet-mr (Spark) writes it.</summary>
    public const int PlainDictionary = 2;

    public const int Rle = 3;
}
