using Handoff.Shared.Schema;

namespace Handoff.Shared.Data;

/// <summary>
/// The in-memory representation of each logical type inside a <see cref="RowBatch"/>.
/// Timestamps are UTC <see cref="DateTime"/> (Kind = Utc) at microsecond precision; dates are
/// <see cref="DateOnly"/>; byte is signed, as in Spark.
/// </summary>
public static class ClrTypes
{
    public static Type ElementType(LogicalType type) => type.Kind switch
    {
        LogicalKind.String => typeof(string),
        LogicalKind.Long => typeof(long?),
        LogicalKind.Integer => typeof(int?),
        LogicalKind.Short => typeof(short?),
        LogicalKind.Byte => typeof(sbyte?),
        LogicalKind.Double => typeof(double?),
        LogicalKind.Float => typeof(float?),
        LogicalKind.Boolean => typeof(bool?),
        LogicalKind.Binary => typeof(byte[]),
        LogicalKind.Date => typeof(DateOnly?),
        LogicalKind.Timestamp => typeof(DateTime?),
        LogicalKind.Decimal => typeof(decimal?),
        _ => throw new InvalidOperationException($"unknown kind {type.Kind}"),
    };

    public static Array NewArray(LogicalType type, int length) => Array.CreateInstance(ElementType(type), length);
}
