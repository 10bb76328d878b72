using System.Numerics;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Handoff.Exporter.Sources.Values;
using Handoff.Shared.Schema;

namespace Handoff.Exporter.Sources.DuckDb;

/// <summary>Picks, per column, the typed DuckDB.NET getter and the conversion to the batch's CLR type (see ClrTypes).</summary>
internal static class DuckDbColumnFillers
{
    /// <summary>DECIMALs wider than this are 128-bit in DuckDB and may not fit a .NET decimal.</summary>
    private const int ExactDecimalPrecision = 28;

    private static readonly BigInteger MaxDecimal = new(decimal.MaxValue);
    private static readonly BigInteger MinDecimal = new(decimal.MinValue);

    public static ColumnFiller<DuckDBDataReader> Create(int ordinal, DuckDBType sourceType, Column column) => (sourceType, column.Type.Kind) switch
    {
        (DuckDBType.Boolean, LogicalKind.Boolean) => new Same<bool>(ordinal),
        (DuckDBType.TinyInt, LogicalKind.Byte) => new Same<sbyte>(ordinal),
        (DuckDBType.SmallInt, LogicalKind.Short) => new Same<short>(ordinal),
        (DuckDBType.UnsignedTinyInt, LogicalKind.Short) => new UnsignedTinyInt(ordinal),
        (DuckDBType.Integer, LogicalKind.Integer) => new Same<int>(ordinal),
        (DuckDBType.UnsignedSmallInt, LogicalKind.Integer) => new UnsignedSmallInt(ordinal),
        (DuckDBType.BigInt, LogicalKind.Long) => new Same<long>(ordinal),
        (DuckDBType.UnsignedInteger, LogicalKind.Long) => new UnsignedInteger(ordinal),
        (DuckDBType.UnsignedBigInt, LogicalKind.Decimal) => new UnsignedBigInt(ordinal),
        (DuckDBType.HugeInt, LogicalKind.Decimal) => new HugeInt(ordinal),
        (DuckDBType.Float, LogicalKind.Float) => new Same<float>(ordinal),
        (DuckDBType.Double, LogicalKind.Double) => new Same<double>(ordinal),
        (DuckDBType.Decimal, LogicalKind.Decimal) => column.Type.Precision > ExactDecimalPrecision ? new WideDecimal(ordinal) : new Same<decimal>(ordinal),
        (DuckDBType.Varchar or DuckDBType.Enum, LogicalKind.String) => new Text(ordinal),
        (DuckDBType.Uuid, LogicalKind.String) => new Uuid(ordinal),
        (DuckDBType.Blob, LogicalKind.Binary) => new Blob(ordinal),
        (DuckDBType.Date, LogicalKind.Date) => new Date(ordinal),
        (DuckDBType.Timestamp or DuckDBType.TimestampS or DuckDBType.TimestampMs or DuckDBType.TimestampNs or DuckDBType.TimestampTz, LogicalKind.Timestamp) => new Timestamp(ordinal),
        _ => throw new SchemaException($"column '{column.Name}' was described as {column.Type} but DuckDB returns {sourceType} values; CAST it explicitly in the query"),
    };

    /// <summary>The batch holds the driver's own type.</summary>
    private sealed class Same<T>(int ordinal) : ValueFiller<DuckDBDataReader, T>(ordinal)
        where T : struct
    {
        public override void Fill(DuckDBDataReader reader, int row) => Values[row] = reader.GetFieldValue<T?>(Ordinal);
    }

    private sealed class UnsignedTinyInt(int ordinal) : ValueFiller<DuckDBDataReader, short>(ordinal)
    {
        public override void Fill(DuckDBDataReader reader, int row) => Values[row] = reader.GetFieldValue<byte?>(Ordinal);
    }

    private sealed class UnsignedSmallInt(int ordinal) : ValueFiller<DuckDBDataReader, int>(ordinal)
    {
        public override void Fill(DuckDBDataReader reader, int row) => Values[row] = reader.GetFieldValue<ushort?>(Ordinal);
    }

    private sealed class UnsignedInteger(int ordinal) : ValueFiller<DuckDBDataReader, long>(ordinal)
    {
        public override void Fill(DuckDBDataReader reader, int row) => Values[row] = reader.GetFieldValue<uint?>(Ordinal);
    }

    private sealed class UnsignedBigInt(int ordinal) : ValueFiller<DuckDBDataReader, decimal>(ordinal)
    {
        public override void Fill(DuckDBDataReader reader, int row) => Values[row] = reader.GetFieldValue<ulong?>(Ordinal);
    }

    /// <summary>HUGEINT as decimal(38,0): a value beyond a .NET decimal (about 7.9e28) fails rather than rounds.</summary>
    private sealed class HugeInt(int ordinal) : ValueFiller<DuckDBDataReader, decimal>(ordinal)
    {
        public override void Fill(DuckDBDataReader reader, int row)
        {
            if (reader.IsDBNull(Ordinal))
            {
                Values[row] = null;
                return;
            }

            var value = reader.GetFieldValue<BigInteger>(Ordinal);
            Values[row] = value >= MinDecimal && value <= MaxDecimal
                ? (decimal)value
                : throw new OverflowException($"the value {value} is beyond ±{decimal.MaxValue}, more than the exporter carries exactly; CAST it to DOUBLE or VARCHAR in the query");
        }
    }

    /// <summary>A 128-bit DECIMAL: DuckDB.NET rounds what a .NET decimal cannot hold, so prove each value exact.</summary>
    private sealed class WideDecimal(int ordinal) : ValueFiller<DuckDBDataReader, decimal>(ordinal)
    {
        public override void Fill(DuckDBDataReader reader, int row) =>
            Values[row] = reader.GetFieldValue<decimal?>(Ordinal) is { } value ? DecimalValues.RequireExact(value) : null;
    }

    private sealed class Text(int ordinal) : ReferenceFiller<DuckDBDataReader, string>(ordinal)
    {
        public override void Fill(DuckDBDataReader reader, int row) =>
            Values[row] = reader.IsDBNull(Ordinal) ? null : reader.GetString(Ordinal);
    }

    /// <summary>UUIDs in DuckDB's own text form: lowercase, hyphenated.</summary>
    private sealed class Uuid(int ordinal) : ReferenceFiller<DuckDBDataReader, string>(ordinal)
    {
        public override void Fill(DuckDBDataReader reader, int row) =>
            Values[row] = reader.GetFieldValue<Guid?>(Ordinal)?.ToString("D");
    }

    private sealed class Blob(int ordinal) : ReferenceFiller<DuckDBDataReader, byte[]>(ordinal)
    {
        public override void Fill(DuckDBDataReader reader, int row)
        {
            if (reader.IsDBNull(Ordinal))
            {
                Values[row] = null;
                return;
            }

            using var stream = reader.GetStream(Ordinal);
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            Values[row] = bytes;
        }
    }

    private sealed class Date(int ordinal) : ValueFiller<DuckDBDataReader, DateOnly>(ordinal)
    {
        public override void Fill(DuckDBDataReader reader, int row)
        {
            try
            {
                Values[row] = reader.GetFieldValue<DateOnly?>(Ordinal);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentOutOfRangeException)
            {
                throw Unrepresentable("date", ex);
            }
        }
    }

    private sealed class Timestamp(int ordinal) : ValueFiller<DuckDBDataReader, DateTime>(ordinal)
    {
        public override void Fill(DuckDBDataReader reader, int row)
        {
            try
            {
                Values[row] = reader.GetFieldValue<DateTime?>(Ordinal) is { } value ? UtcTimestamp.FromDriver(value) : null;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentOutOfRangeException)
            {
                throw Unrepresentable("timestamp", ex);
            }
        }
    }

    /// <summary>DuckDB.NET's own messages for these speak to programmers (use DuckDBDateOnly ...); say what the user can do.</summary>
    private static InvalidCastException Unrepresentable(string kind, Exception error) => new(
        error is InvalidOperationException
            ? $"an infinite {kind} cannot be exported; replace it in the query (e.g. with NULLIF or a CASE)"
            : $"the {kind} is outside years 1 to 9999, which the export cannot hold",
        error);
}
