namespace Handoff.Shared.Formats.Parquet.Thrift;

/// <summary>Field ids and enum values of the Parquet metadata structs we read and write (parquet.thrift).</summary>
internal static class ParquetThriftIds
{
    public static class FileMetaData
    {
        public const short Version = 1;
        public const short Schema = 2;
        public const short NumRows = 3;
        public const short RowGroups = 4;
        public const short KeyValueMetadata = 5;
        public const short CreatedBy = 6;
        public const short ColumnOrders = 7;
    }

    public static class KeyValue
    {
        public const short Key = 1;
        public const short Value = 2;
    }

    public static class ColumnOrder
    {
        public const short TypeOrder = 1;
    }

    public static class SchemaElement
    {
        public const short Type = 1;
        public const short TypeLength = 2;
        public const short RepetitionType = 3;
        public const short Name = 4;
        public const short NumChildren = 5;
        public const short ConvertedType = 6;
        public const short Scale = 7;
        public const short Precision = 8;
        public const short LogicalType = 10;
    }

    /// <summary>The members of the LogicalType union.</summary>
    public static class LogicalType
    {
        public const short String = 1;
        public const short Decimal = 5;
        public const short Date = 6;
        public const short Timestamp = 8;
        public const short Integer = 10;
    }

    public static class DecimalType
    {
        public const short Scale = 1;
        public const short Precision = 2;
    }

    public static class TimestampType
    {
        public const short IsAdjustedToUtc = 1;
        public const short Unit = 2;
    }

    public static class IntType
    {
        public const short BitWidth = 1;
        public const short IsSigned = 2;
    }

    public static class TimeUnit
    {
        public const short Millis = 1;
        public const short Micros = 2;
        public const short Nanos = 3;
    }

    public static class RowGroup
    {
        public const short Columns = 1;
        public const short TotalByteSize = 2;
        public const short NumRows = 3;
        public const short FileOffset = 5;
        public const short TotalCompressedSize = 6;
        public const short Ordinal = 7;
    }

    public static class ColumnChunk
    {
        public const short FileOffset = 2;
        public const short MetaData = 3;
    }

    public static class ColumnMetaData
    {
        public const short Type = 1;
        public const short Encodings = 2;
        public const short PathInSchema = 3;
        public const short Codec = 4;
        public const short NumValues = 5;
        public const short TotalUncompressedSize = 6;
        public const short TotalCompressedSize = 7;
        public const short DataPageOffset = 9;
        public const short DictionaryPageOffset = 11;
        public const short Statistics = 12;
    }

    public static class Statistics
    {
        public const short Max = 1;
        public const short Min = 2;
        public const short NullCount = 3;
        public const short MaxValue = 5;
        public const short MinValue = 6;
    }

    public static class PageHeader
    {
        public const short Type = 1;
        public const short UncompressedPageSize = 2;
        public const short CompressedPageSize = 3;
        public const short DataPageHeader = 5;
        public const short DictionaryPageHeader = 7;
    }

    public static class DataPageHeader
    {
        public const short NumValues = 1;
        public const short Encoding = 2;
        public const short DefinitionLevelEncoding = 3;
        public const short RepetitionLevelEncoding = 4;
    }

    public static class DictionaryPageHeader
    {
        public const short NumValues = 1;
        public const short Encoding = 2;
    }

    /// <summary>Values of the Type enum (physical types).</summary>
    public static class Type
    {
        public const int Boolean = 0;
        public const int Int32 = 1;
        public const int Int64 = 2;
        public const int Int96 = 3;
        public const int Float = 4;
        public const int Double = 5;
        public const int ByteArray = 6;
        public const int FixedLenByteArray = 7;
    }

    /// <summary>Values of the ConvertedType enum.</summary>
    public static class ConvertedType
    {
        public const int Utf8 = 0;
        public const int Decimal = 5;
        public const int Date = 6;
        public const int TimestampMillis = 9;
        public const int TimestampMicros = 10;
        public const int Int8 = 15;
        public const int Int16 = 16;
        public const int Int32 = 17;
        public const int Int64 = 18;
    }

    /// <summary>Values of the FieldRepetitionType enum.</summary>
    public static class Repetition
    {
        public const int Required = 0;
        public const int Optional = 1;
    }

    /// <summary>Values of the Encoding enum that the writer uses.</summary>
    public static class Encoding
    {
        public const int Plain = 0;

        /// <summary>The dictionary encoding of v1 data pages and their dictionary page, as parquet-mr (Spark) writes it.</summary>
        public const int PlainDictionary = 2;

        public const int Rle = 3;
    }

    /// <summary>Values of the CompressionCodec enum.</summary>
    public static class CompressionCodec
    {
        public const int Uncompressed = 0;
        public const int Snappy = 1;
        public const int Gzip = 2;
        public const int Zstd = 6;
    }

    /// <summary>Values of the PageType enum.</summary>
    public static class PageType
    {
        public const int DataPage = 0;
        public const int DictionaryPage = 2;
    }
}
