using System.Globalization;
using DuckDB.NET.Data;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.Tests.Formats;

/// <summary>DuckDB as the independent reader of the files our writers produce.</summary>
internal static class DuckDb
{
    public static List<object?[]> Query(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static object? Scalar(string sql) => Query(sql).Single().Single();

    /// <summary>A SELECT over <paramref name="source"/> whose values compare with <see cref="Normalize"/>d expectations, ordered by the first column.</summary>
    public static List<object?[]> SelectNormalized(TableSchema schema, string source, bool binaryIsText = false)
    {
        var items = schema.Select(c =>
        {
            var name = $"\"{c.Name}\"";
            return c.Type.Kind switch
            {
                LogicalKind.Timestamp => $"epoch_us({name})",
                LogicalKind.Date or LogicalKind.Decimal => $"CAST({name} AS VARCHAR)",
                LogicalKind.Binary when !binaryIsText => $"to_base64({name})",
                _ => name,
            };
        });
        return Query($"SELECT {string.Join(", ", items)} FROM {source} ORDER BY 1");
    }

    /// <summary>The DuckDB column types for read_csv/read_json: binary stays base64 text, timestamps are TIMESTAMPTZ.</summary>
    public static string ColumnsStruct(TableSchema schema, bool decimalsAsText = false) =>
        "{" + string.Join(", ", schema.Select(c => $"'{c.Name}': '{(decimalsAsText && c.Type.Kind == LogicalKind.Decimal ? "VARCHAR" : TextColumnType(c.Type))}'")) + "}";

    public static object? Normalize(LogicalType type, object? value) => value is null ? null : type.Kind switch
    {
        LogicalKind.Timestamp => Math.DivRem(((DateTime)value).Ticks - DateTime.UnixEpoch.Ticks, 10, out var rest) - (rest < 0 ? 1 : 0),
        LogicalKind.Date => ((DateOnly)value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        LogicalKind.Binary => Convert.ToBase64String((byte[])value),
        LogicalKind.Decimal => TextValueMapping.Format(type, value),
        _ => value,
    };

    public static List<object?[]> Expected(TableSchema schema, IEnumerable<object?[]> rows) =>
        rows.OrderBy(r => (long)r[0]!).Select(r => r.Select((v, c) => Normalize(schema[c].Type, v)).ToArray()).ToList();

    public static string Literal(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string CharLiteral(char c) => c == '\'' ? "''''" : $"'{c}'";

    private static string TextColumnType(LogicalType type) => type.Kind switch
    {
        LogicalKind.String or LogicalKind.Binary => "VARCHAR",
        LogicalKind.Long => "BIGINT",
        LogicalKind.Integer => "INTEGER",
        LogicalKind.Short => "SMALLINT",
        LogicalKind.Byte => "TINYINT",
        LogicalKind.Double => "DOUBLE",
        LogicalKind.Float => "FLOAT",
        LogicalKind.Boolean => "BOOLEAN",
        LogicalKind.Date => "DATE",
        LogicalKind.Timestamp => "TIMESTAMPTZ",
        LogicalKind.Decimal => $"DECIMAL({type.Precision},{type.Scale})",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
