using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.Shared.Formats.Parquet.Writing;

internal static class ColumnBuffers
{
    public static ColumnBuffer Create(Column column)
    {
        var field = ParquetTypeMapping.ToWriteField(column);
        return column.Type.Kind switch
        {
            LogicalKind.String => new ReferenceColumnBuffer<string>(column, field),
            LogicalKind.Binary => new ReferenceColumnBuffer<byte[]>(column, field),
            LogicalKind.Long => new ValueColumnBuffer<long>(column, field),
            LogicalKind.Integer => new ValueColumnBuffer<int>(column, field),
            LogicalKind.Short => new ValueColumnBuffer<short>(column, field),
            LogicalKind.Byte => new ValueColumnBuffer<sbyte>(column, field),
            LogicalKind.Double => new FloatingColumnBuffer<double>(column, field),
            LogicalKind.Float => new FloatingColumnBuffer<float>(column, field),
            LogicalKind.Boolean => new ValueColumnBuffer<bool>(column, field),
            LogicalKind.Date => new ConvertingColumnBuffer<DateOnly, int, DateDays>(column, field),
            LogicalKind.Timestamp => new ConvertingColumnBuffer<DateTime, long, TimestampMicros>(column, field),
            LogicalKind.Decimal when column.Type.Precision <= ParquetTypeMapping.MaxInt32DecimalPrecision => new ConvertingColumnBuffer<decimal, int, UnscaledInt32>(column, field),
            LogicalKind.Decimal when column.Type.Precision <= ParquetTypeMapping.MaxInt64DecimalPrecision => new ConvertingColumnBuffer<decimal, long, UnscaledInt64>(column, field),
            LogicalKind.Decimal => new DecimalColumnBuffer(column, field),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type.Kind, "no Parquet column buffer for this kind"),
        };
    }
}
