using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>The encoder for each logical type, following <see cref="ParquetTypeMapping"/>'s physical types.</summary>
internal static class ColumnChunkEncoders
{
    public static ColumnChunkEncoder Create(Column column, PageCodec codec, PageScratch scratch, int pageBytes) => column.Type.Kind switch
    {
        LogicalKind.String => new StringEncoder(column, codec, scratch, pageBytes),
        LogicalKind.Binary => new BinaryEncoder(column, codec, scratch, pageBytes),
        LogicalKind.Long => new FixedWidthEncoder<long, long, SameValue<long>>(column, codec, scratch, pageBytes),
        LogicalKind.Integer => new FixedWidthEncoder<int, int, SameValue<int>>(column, codec, scratch, pageBytes),
        LogicalKind.Short => new FixedWidthEncoder<short, int, ShortAsInt32>(column, codec, scratch, pageBytes),
        LogicalKind.Byte => new FixedWidthEncoder<sbyte, int, ByteAsInt32>(column, codec, scratch, pageBytes),
        LogicalKind.Double => new FloatingEncoder<double>(column, codec, scratch, pageBytes),
        LogicalKind.Float => new FloatingEncoder<float>(column, codec, scratch, pageBytes),
        LogicalKind.Boolean => new BooleanEncoder(column, codec, scratch, pageBytes),
        LogicalKind.Date => new FixedWidthEncoder<DateOnly, int, DateDays>(column, codec, scratch, pageBytes),
        LogicalKind.Timestamp => new FixedWidthEncoder<DateTime, long, TimestampMicros>(column, codec, scratch, pageBytes),
        LogicalKind.Decimal when column.Type.Precision <= ParquetTypeMapping.MaxInt32DecimalPrecision => new FixedWidthEncoder<decimal, int, UnscaledInt32>(column, codec, scratch, pageBytes),
        LogicalKind.Decimal when column.Type.Precision <= ParquetTypeMapping.MaxInt64DecimalPrecision => new FixedWidthEncoder<decimal, long, UnscaledInt64>(column, codec, scratch, pageBytes),
        LogicalKind.Decimal => new WideDecimalEncoder(column, codec, scratch, pageBytes),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type.Kind, "no Parquet encoder for this kind"),
    };
}
