using System.Data;
using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.Exporter.Sources.DuckDb;

/// <summary>
/// The columns of a DuckDB result. Types come from <c>DESCRIBE &lt;query&gt;</c>, which spells
/// them as DuckDB does (<c>DECIMAL(18,2)</c>, <c>VARCHAR[]</c>) and reports decimal precision even
/// when the result is empty. Statements DESCRIBE cannot wrap (PRAGMA, SHOW, several statements)
/// fall back to what the open reader reports.
/// <para>Every column is nullable: DuckDB does not report whether a query column can hold NULL
/// (a NOT NULL table column can still yield NULL through an outer join), so the manifest never
/// claims NOT NULL.</para>
/// </summary>
internal static class DuckDbResultColumns
{
    /// <summary>(name, type) pairs from DESCRIBE, or null when DuckDB cannot describe this statement.</summary>
    public static IReadOnlyList<(string Name, string Type)>? Describe(DuckDBConnection connection, string sql)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DESCRIBE " + sql;
            using var reader = command.ExecuteReader();
            var columns = new List<(string, string)>();
            while (reader.Read())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }

            return columns;
        }
        catch (DuckDBException)
        {
            // A SQL error is reported by running the query itself, with the user's own line numbers.
            return null;
        }
    }

    /// <summary>The export schema's columns, in result order, with DuckDB's type for each.</summary>
    public static (Column Column, DuckDBType SourceType, string TypeName)[] Resolve(DuckDBDataReader reader, IReadOnlyList<(string Name, string Type)>? described)
    {
        var count = reader.FieldCount;
        var matches = described is not null && described.Count == count
            && Enumerable.Range(0, count).All(i => described[i].Name == reader.GetName(i));
        var fallback = matches ? null : reader.GetSchemaTable();

        var columns = new (Column, DuckDBType, string)[count];
        for (var i = 0; i < count; i++)
        {
            var name = reader.GetName(i);
            var sourceType = Enum.Parse<DuckDBType>(reader.GetDataTypeName(i));
            var typeName = matches ? described![i].Type : ReaderTypeName(sourceType, fallback!.Rows[i], name);
            columns[i] = (new Column(name, DuckDbTypeMapping.ToLogical(typeName, name), Nullable: true), sourceType, typeName);
        }

        return columns;
    }

    private static string ReaderTypeName(DuckDBType type, DataRow schemaRow, string columnName) => type switch
    {
        DuckDBType.Boolean => "BOOLEAN",
        DuckDBType.TinyInt => "TINYINT",
        DuckDBType.SmallInt => "SMALLINT",
        DuckDBType.Integer => "INTEGER",
        DuckDBType.BigInt => "BIGINT",
        DuckDBType.UnsignedTinyInt => "UTINYINT",
        DuckDBType.UnsignedSmallInt => "USMALLINT",
        DuckDBType.UnsignedInteger => "UINTEGER",
        DuckDBType.UnsignedBigInt => "UBIGINT",
        DuckDBType.HugeInt => "HUGEINT",
        DuckDBType.UnsignedHugeInt => "UHUGEINT",
        DuckDBType.Float => "FLOAT",
        DuckDBType.Double => "DOUBLE",
        DuckDBType.Decimal => DecimalName(schemaRow, columnName),
        DuckDBType.Varchar => "VARCHAR",
        DuckDBType.Enum => "ENUM",
        DuckDBType.Uuid => "UUID",
        DuckDBType.Blob => "BLOB",
        DuckDBType.Date => "DATE",
        DuckDBType.Timestamp => "TIMESTAMP",
        DuckDBType.TimestampS => "TIMESTAMP_S",
        DuckDBType.TimestampMs => "TIMESTAMP_MS",
        DuckDBType.TimestampNs => "TIMESTAMP_NS",
        DuckDBType.TimestampTz => "TIMESTAMP WITH TIME ZONE",
        DuckDBType.Time => "TIME",
        DuckDBType.TimeTz => "TIME WITH TIME ZONE",
        DuckDBType.Interval => "INTERVAL",
        DuckDBType.VarInt => "BIGNUM",
        _ => type.ToString().ToUpperInvariant(),
    };

    private static string DecimalName(DataRow schemaRow, string columnName)
    {
        // DuckDB.NET learns a decimal's precision from the first chunk: an empty result has none.
        var precision = schemaRow[SchemaTableColumn.NumericPrecision] is byte p ? p : 0;
        var scale = schemaRow[SchemaTableColumn.NumericScale] is byte s ? s : 0;
        if (precision == 0)
        {
            throw new SchemaException($"column '{columnName}' is a DECIMAL whose precision DuckDB does not report for this statement; export it with a SELECT query");
        }

        return string.Create(CultureInfo.InvariantCulture, $"DECIMAL({precision},{scale})");
    }
}
