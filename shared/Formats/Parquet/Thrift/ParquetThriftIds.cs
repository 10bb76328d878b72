namespace Handoff.Shared.Formats.Parquet.Thrift;

/// <summary>Field ids of the Parquet metadata structs we read or patch (parquet.thrift).</summary>
internal static class ParquetThriftIds
{
    public static class FileMetaData
    {
        public const short Schema = 2;
        public const short NumRows = 3;
        public const short RowGroups = 4;
        public const short CreatedBy = 6;
        public const short ColumnOrders = 7;
    }

    public static class ColumnOrder
    {
        public const short TypeOrder = 1;
    }

    public static class SchemaElement
    {
        public const short Type = 1;
        public const short Name = 4;
        public const short NumChildren = 5;
        public const short ConvertedType = 6;
        public const short Scale = 7;
        public const short Precision = 8;
        public const short LogicalType = 10;
    }

    public static class LogicalType
    {
        public const short Decimal = 5;
        public const short Date = 6;
        public const short Timestamp = 8;
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

    public static class TimeUnit
    {
        public const short Millis = 1;
        public const short Micros = 2;
        public const short Nanos = 3;
    }

    public static class RowGroup
    {
        public const short Columns = 1;
        public const short NumRows = 3;
    }

    public static class ColumnChunk
    {
        public const short MetaData = 3;
    }

    public static class ColumnMetaData
    {
        public const short NumValues = 5;
        public const short Statistics = 12;
    }

    public static class Statistics
    {
        public const short Max = 1;
        public const short Min = 2;
        public const short NullCount = 3;
        public const short MaxValue = 5;
        public const short MinValue = 6;
        public const short IsMaxValueExact = 7;
        public const short IsMinValueExact = 8;
    }

    /// <summary>Values of the ConvertedType enum.</summary>
    public static class ConvertedType
    {
        public const int Decimal = 5;
        public const int Date = 6;
        public const int TimestampMicros = 10;
    }
}
