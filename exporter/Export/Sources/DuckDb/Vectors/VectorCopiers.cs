using DuckDB.NET.Native;
using Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;
using Handoff.Shared.Schema;

namespace Handoff.Exporter.Sources.DuckDb.Vectors;

/// <summary>Picks, per column, the copier from DuckDB's vector layout to the batch's CLR type (see ClrTypes).</summary>
internal static class VectorCopiers
{
    /// <exception cref="SchemaException">DuckDB returns values of a type the column's logical type cannot take.</exception>
    public static ColumnFiller<ChunkWindow> Create(int ordinal, DuckDBType sourceType, DuckDBLogicalType logicalType, Column column) => (sourceType, column.Type.Kind) switch
    {
        (DuckDBType.Boolean, LogicalKind.Boolean) => Value<byte, bool, BooleanByte>(ordinal, default),
        (DuckDBType.TinyInt, LogicalKind.Byte) => Same<sbyte>(ordinal),
        (DuckDBType.SmallInt, LogicalKind.Short) => Same<short>(ordinal),
        (DuckDBType.UnsignedTinyInt, LogicalKind.Short) => Value<byte, short, Widening<byte, short>>(ordinal, default),
        (DuckDBType.Integer, LogicalKind.Integer) => Same<int>(ordinal),
        (DuckDBType.UnsignedSmallInt, LogicalKind.Integer) => Value<ushort, int, Widening<ushort, int>>(ordinal, default),
        (DuckDBType.BigInt, LogicalKind.Long) => Same<long>(ordinal),
        (DuckDBType.UnsignedInteger, LogicalKind.Long) => Value<uint, long, Widening<uint, long>>(ordinal, default),
        (DuckDBType.UnsignedBigInt, LogicalKind.Decimal) => Value<ulong, decimal, Widening<ulong, decimal>>(ordinal, default),
        (DuckDBType.HugeInt, LogicalKind.Decimal) => Value<Int128, decimal, HugeIntDecimal>(ordinal, default),
        (DuckDBType.Float, LogicalKind.Float) => Same<float>(ordinal),
        (DuckDBType.Double, LogicalKind.Double) => Same<double>(ordinal),
        (DuckDBType.Decimal, LogicalKind.Decimal) => Decimal(ordinal, logicalType, column),
        (DuckDBType.Varchar, LogicalKind.String) => new Utf8Copier(ordinal),
        (DuckDBType.Enum, LogicalKind.String) => Enum(ordinal, logicalType, column),
        (DuckDBType.Uuid, LogicalKind.String) => Reference<Int128, string, UuidText>(ordinal, default),
        (DuckDBType.Blob, LogicalKind.Binary) => Reference<DuckDbString, byte[], BlobBytes>(ordinal, default),
        (DuckDBType.Date, LogicalKind.Date) => Value<int, DateOnly, DaysToDate>(ordinal, default),
        (DuckDBType.Timestamp or DuckDBType.TimestampS or DuckDBType.TimestampMs or DuckDBType.TimestampNs or DuckDBType.TimestampTz, LogicalKind.Timestamp) =>
            Value<long, DateTime, TimestampToUtc>(ordinal, TimestampToUtc.For(sourceType)),
        _ => throw Mismatch(column, sourceType.ToString()),
    };

    /// <summary>DuckDB picks a DECIMAL's storage by width: 16, 32, 64 or 128-bit unscaled integers.</summary>
    private static ColumnFiller<ChunkWindow> Decimal(int ordinal, DuckDBLogicalType logicalType, Column column)
    {
        var precision = NativeMethods.LogicalType.DuckDBDecimalWidth(logicalType);
        var scale = NativeMethods.LogicalType.DuckDBDecimalScale(logicalType);
        var storage = NativeMethods.LogicalType.DuckDBDecimalInternalType(logicalType);
        return storage switch
        {
            DuckDBType.SmallInt => Value<short, decimal, ScaledDecimal<short>>(ordinal, new(scale)),
            DuckDBType.Integer => Value<int, decimal, ScaledDecimal<int>>(ordinal, new(scale)),
            DuckDBType.BigInt => Value<long, decimal, ScaledDecimal<long>>(ordinal, new(scale)),
            DuckDBType.HugeInt => Value<Int128, decimal, WideDecimal>(ordinal, new(precision, scale)),
            _ => throw Mismatch(column, $"DECIMAL stored as {storage}"),
        };
    }

    /// <summary>An ENUM's names are read once; its vector holds indexes into them, 8, 16 or 32-bit by dictionary size.</summary>
    private static ColumnFiller<ChunkWindow> Enum(int ordinal, DuckDBLogicalType logicalType, Column column)
    {
        var names = new string[NativeMethods.LogicalType.DuckDBEnumDictionarySize(logicalType)];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = NativeMethods.LogicalType.DuckDBEnumDictionaryValue(logicalType, i);
        }

        var storage = NativeMethods.LogicalType.DuckDBEnumInternalType(logicalType);
        return storage switch
        {
            DuckDBType.UnsignedTinyInt => Reference<byte, string, EnumNames<byte>>(ordinal, new(names)),
            DuckDBType.UnsignedSmallInt => Reference<ushort, string, EnumNames<ushort>>(ordinal, new(names)),
            DuckDBType.UnsignedInteger => Reference<uint, string, EnumNames<uint>>(ordinal, new(names)),
            _ => throw Mismatch(column, $"ENUM stored as {storage}"),
        };
    }

    private static ValueCopier<T, T, Same<T>> Same<T>(int ordinal)
        where T : unmanaged => new(ordinal, default);

    private static ValueCopier<TSource, TTarget, TConversion> Value<TSource, TTarget, TConversion>(int ordinal, TConversion conversion)
        where TSource : unmanaged
        where TTarget : struct
        where TConversion : struct, IVectorConversion<TSource, TTarget> => new(ordinal, conversion);

    private static ReferenceCopier<TSource, TTarget, TConversion> Reference<TSource, TTarget, TConversion>(int ordinal, TConversion conversion)
        where TSource : unmanaged
        where TTarget : class
        where TConversion : struct, IVectorConversion<TSource, TTarget> => new(ordinal, conversion);

    private static SchemaException Mismatch(Column column, string sourceType) =>
        new($"column '{column.Name}' was described as {column.Type} but DuckDB returns {sourceType} values; CAST it explicitly in the query");
}
