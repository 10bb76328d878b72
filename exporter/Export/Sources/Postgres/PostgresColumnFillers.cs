using Handoff.Exporter.Sources.Values;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Npgsql;

namespace Handoff.Exporter.Sources.Postgres;

/// <summary>
/// Picks, per column, the typed Npgsql getter for its PostgreSQL type (by internal name: int4,
/// timestamptz, ...). Columns are read in order, once each, as sequential access requires.
/// </summary>
internal static class PostgresColumnFillers
{
    public static ColumnFiller<NpgsqlDataReader> Create(int ordinal, string internalTypeName, Column column) => internalTypeName switch
    {
        "bool" => new Boolean(ordinal),
        "int2" => new Int16(ordinal),
        "int4" => new Int32(ordinal),
        "int8" => new Int64(ordinal),
        "float4" => new Float(ordinal),
        "float8" => new Double(ordinal),
        "numeric" when column.Type == PostgresTypeMapping.UnconstrainedNumeric => new RoundedNumeric(ordinal, column.Type),
        "numeric" => new Numeric(ordinal),
        "text" or "varchar" or "bpchar" or "name" or "json" or "jsonb" => new Text(ordinal),
        "uuid" => new Uuid(ordinal),
        "bytea" => new Bytes(ordinal),
        "date" => new Date(ordinal),
        "timestamp" or "timestamptz" => new Timestamp(ordinal),
        _ => throw new SchemaException($"column '{column.Name}' has PostgreSQL type {internalTypeName}, which has no reader; cast it in the query"),
    };

    private sealed class Boolean(int ordinal) : ValueFiller<NpgsqlDataReader, bool>(ordinal)
    {
        public override void Fill(NpgsqlDataReader reader, int row) => Values[row] = reader.IsDBNull(Ordinal) ? null : reader.GetBoolean(Ordinal);
    }

    private sealed class Int16(int ordinal) : ValueFiller<NpgsqlDataReader, short>(ordinal)
    {
        public override void Fill(NpgsqlDataReader reader, int row) => Values[row] = reader.IsDBNull(Ordinal) ? null : reader.GetInt16(Ordinal);
    }

    private sealed class Int32(int ordinal) : ValueFiller<NpgsqlDataReader, int>(ordinal)
    {
        public override void Fill(NpgsqlDataReader reader, int row) => Values[row] = reader.IsDBNull(Ordinal) ? null : reader.GetInt32(Ordinal);
    }

    private sealed class Int64(int ordinal) : ValueFiller<NpgsqlDataReader, long>(ordinal)
    {
        public override void Fill(NpgsqlDataReader reader, int row) => Values[row] = reader.IsDBNull(Ordinal) ? null : reader.GetInt64(Ordinal);
    }

    private sealed class Float(int ordinal) : ValueFiller<NpgsqlDataReader, float>(ordinal)
    {
        public override void Fill(NpgsqlDataReader reader, int row) => Values[row] = reader.IsDBNull(Ordinal) ? null : reader.GetFloat(Ordinal);
    }

    private sealed class Double(int ordinal) : ValueFiller<NpgsqlDataReader, double>(ordinal)
    {
        public override void Fill(NpgsqlDataReader reader, int row) => Values[row] = reader.IsDBNull(Ordinal) ? null : reader.GetDouble(Ordinal);
    }

    /// <summary>numeric(p,s): the server already keeps values within the type. Npgsql fails on what a .NET decimal cannot hold.</summary>
    private sealed class Numeric(int ordinal) : ValueFiller<NpgsqlDataReader, decimal>(ordinal)
    {
        public override void Fill(NpgsqlDataReader reader, int row) => Values[row] = reader.IsDBNull(Ordinal) ? null : reader.GetDecimal(Ordinal);
    }

    /// <summary>Unconstrained numeric, exported as decimal(38,18): rounded to 18 places, refused beyond 20 integer digits.</summary>
    private sealed class RoundedNumeric(int ordinal, LogicalType type) : ValueFiller<NpgsqlDataReader, decimal>(ordinal)
    {
        public override void Fill(NpgsqlDataReader reader, int row) =>
            Values[row] = reader.IsDBNull(Ordinal) ? null : DecimalValues.FitTo(reader.GetDecimal(Ordinal), type.Precision, type.Scale);
    }

    private sealed class Text(int ordinal) : ReferenceFiller<NpgsqlDataReader, string>(ordinal)
    {
        public override void Fill(NpgsqlDataReader reader, int row) => Values[row] = reader.IsDBNull(Ordinal) ? null : reader.GetString(Ordinal);
    }

    private sealed class Uuid(int ordinal) : ReferenceFiller<NpgsqlDataReader, string>(ordinal)
    {
        public override void Fill(NpgsqlDataReader reader, int row) => Values[row] = reader.IsDBNull(Ordinal) ? null : reader.GetGuid(Ordinal).ToString("D");
    }

    private sealed class Bytes(int ordinal) : ReferenceFiller<NpgsqlDataReader, byte[]>(ordinal)
    {
        public override void Fill(NpgsqlDataReader reader, int row) => Values[row] = reader.IsDBNull(Ordinal) ? null : reader.GetFieldValue<byte[]>(Ordinal);
    }

    private sealed class Date(int ordinal) : ValueFiller<NpgsqlDataReader, DateOnly>(ordinal)
    {
        public override void Fill(NpgsqlDataReader reader, int row) =>
            Values[row] = reader.IsDBNull(Ordinal) ? null : PostgresValues.Date(reader.GetFieldValue<int>(Ordinal));
    }

    /// <summary>timestamp and timestamptz: both are microseconds since 2000-01-01 on the wire (UTC for timestamptz).</summary>
    private sealed class Timestamp(int ordinal) : ValueFiller<NpgsqlDataReader, DateTime>(ordinal)
    {
        public override void Fill(NpgsqlDataReader reader, int row) =>
            Values[row] = reader.IsDBNull(Ordinal) ? null : PostgresValues.Timestamp(reader.GetFieldValue<long>(Ordinal));
    }
}
