using System.Globalization;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Handoff.Exporter.Sources.DuckDb.Native;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.Exporter.Sources.DuckDb;

/// <summary>
/// The columns of a DuckDB result. Types come from <c>DESCRIBE &lt;query&gt;</c>, which spells
/// them as DuckDB does (<c>DECIMAL(18,2)</c>, <c>VARCHAR[]</c>, <c>JSON</c>). Statements DESCRIBE
/// cannot wrap (PRAGMA, SHOW, several statements) fall back to the result's own column types.
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
    public static (Column Column, DuckDBType SourceType, string TypeName)[] Resolve(NativeQuery query, IReadOnlyList<(string Name, string Type)>? described)
    {
        var count = query.ColumnCount;
        var names = Enumerable.Range(0, count).Select(query.ColumnName).ToArray();
        var matches = described is not null && described.Count == count
            && Enumerable.Range(0, count).All(i => described[i].Name == names[i]);

        var columns = new (Column, DuckDBType, string)[count];
        for (var i = 0; i < count; i++)
        {
            var sourceType = query.ColumnType(i);
            var typeName = matches ? described![i].Type : ResultTypeName(query, i, sourceType);
            columns[i] = (new Column(names[i], DuckDbTypeMapping.ToLogical(typeName, names[i]), Nullable: true), sourceType, typeName);
        }

        return columns;
    }

    private static string ResultTypeName(NativeQuery query, int column, DuckDBType type) => type switch
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
        DuckDBType.Decimal => DecimalName(query, column),
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

    /// <summary>The result's own type knows a decimal's precision, even when no row comes.</summary>
    private static string DecimalName(NativeQuery query, int column)
    {
        using var logicalType = query.ColumnLogicalType(column);
        var precision = NativeMethods.LogicalType.DuckDBDecimalWidth(logicalType);
        var scale = NativeMethods.LogicalType.DuckDBDecimalScale(logicalType);
        return string.Create(CultureInfo.InvariantCulture, $"DECIMAL({precision},{scale})");
    }
}
