using Handoff.Shared.Data;
using Handoff.Shared.Schema;

namespace Handoff.Tests.Formats;

/// <summary>A schema with every logical type and rows of edge values, shared by the format tests.</summary>
internal static class AllTypes
{
    public static TableSchema Schema { get; } = new(
    [
        new Column("id", LogicalType.Long, Nullable: false),
        new Column("s", LogicalType.String, Nullable: true),
        new Column("l", LogicalType.Long, Nullable: true),
        new Column("i", LogicalType.Integer, Nullable: true),
        new Column("sh", LogicalType.Short, Nullable: true),
        new Column("b", LogicalType.Byte, Nullable: true),
        new Column("d", LogicalType.Double, Nullable: true),
        new Column("f", LogicalType.Float, Nullable: true),
        new Column("bo", LogicalType.Boolean, Nullable: true),
        new Column("bin", LogicalType.Binary, Nullable: true),
        new Column("dt", LogicalType.Date, Nullable: true),
        new Column("ts", LogicalType.Timestamp, Nullable: true),
        new Column("dec", LogicalType.Decimal(18, 2), Nullable: true),
        new Column("dec9", LogicalType.Decimal(9, 3), Nullable: true),
        new Column("big", LogicalType.Decimal(38, 10), Nullable: true),
        new Column("name", LogicalType.String, Nullable: false),
    ]);

    /// <summary>Strings that break naive CSV and JSON writers.</summary>
    public static string[] NastyStrings { get; } =
    [
        string.Empty,
        "plain",
        "héllo wörld 日本語 😀",
        "comma,here",
        "quote\"here",
        "\"",
        "new\nline",
        "cr\r\nlf",
        "lone\rcr",
        "tab\there",
        "pipe|here",
        "semi;colon",
        "back\\slash",
        "\\",
        " padded ",
        "NULL",
        "！ and 😀",
        "^caret^",
    ];

    public static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0, int micros = 0) =>
        new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(micros * 10L);

    /// <summary>Rows of edge values; the last row is null in every nullable column.</summary>
    public static object?[][] Rows { get; } = BuildRows();

    public static RowBatch Batch() => BatchOf(Rows);

    public static RowBatch BatchOf(IReadOnlyList<object?[]> rows, TableSchema? schema = null)
    {
        schema ??= Schema;
        var batch = new RowBatch(schema, Math.Max(rows.Count, 1));
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < schema.Count; c++)
            {
                batch.Column(c).SetValue(rows[r][c], r);
            }
        }

        batch.Count = rows.Count;
        return batch;
    }

    public static object?[] RowOf(RowBatch batch, int row) =>
        Enumerable.Range(0, batch.Schema.Count).Select(c => batch.GetValue(row, c)).ToArray();

    private static object?[][] BuildRows()
    {
        var rows = new List<object?[]>
        {
            new object?[] { 1L, "plain", long.MinValue, int.MinValue, short.MinValue, sbyte.MinValue, double.MinValue, float.MinValue, true, Array.Empty<byte>(), new DateOnly(1, 1, 1), Utc(1, 1, 1), -9999999999999999.99m, -999999.999m, 9999999999999999999999999999m, "n1" },
            new object?[] { 2L, "héllo wörld 日本語 😀", long.MaxValue, int.MaxValue, short.MaxValue, sbyte.MaxValue, double.MaxValue, float.MaxValue, false, new byte[] { 0, 1, 2, 254, 255 }, new DateOnly(9999, 12, 31), Utc(9999, 12, 31, 23, 59, 59, 999999), 9999999999999999.99m, 999999.999m, -1234567890123456.1234567890m, "n2" },
            new object?[] { 3L, string.Empty, 0L, 0, (short)0, (sbyte)0, 0.1, 1.1f, true, new byte[] { 42 }, new DateOnly(1969, 12, 31), Utc(1969, 12, 31, 23, 59, 59, 999999), 12.5m, 0.001m, 0.0000000001m, "n3" },
            new object?[] { 4L, "comma,quote\"new\nline\r\nend", -1L, -1, (short)-1, (sbyte)-1, double.NaN, float.NaN, false, Enumerable.Range(0, 100).Select(i => (byte)(i * 7)).ToArray(), new DateOnly(1970, 1, 1), Utc(1900, 1, 1, 12, 0, 0, 1), -0.01m, -0.5m, 0m, "n4" },
            new object?[] { 5L, "！ and 😀", 42L, 42, (short)42, (sbyte)42, double.PositiveInfinity, float.NegativeInfinity, true, new byte[] { 255 }, new DateOnly(2024, 2, 29), Utc(2024, 2, 29, 1, 2, 3, 123456), 0.00m, 1m, -0.0000000001m, "n5" },
            new object?[] { 6L, "\\back\\slash\t|pipe;", 7L, 7, (short)7, (sbyte)7, double.NegativeInfinity, float.Epsilon, false, new byte[] { 1, 2, 3 }, new DateOnly(2000, 1, 1), Utc(1970, 1, 1), 1.5m, 2.25m, 1.5m, string.Empty },
            new object?[] { 7L, " padded ", 8L, 8, (short)8, (sbyte)8, 5e-324, 1e-45f, true, new byte[] { 9 }, new DateOnly(1, 12, 31), Utc(1, 1, 1, 0, 0, 0, 1), 0.1m, -0.1m, 0.1m, "\"" },
        };
        foreach (var (text, index) in NastyStrings.Select((t, i) => (t, i)))
        {
            rows.Add([100L + index, text, (long)index, index, (short)index, (sbyte)index, index / 3.0, index / 7f, index % 2 == 0, new byte[] { (byte)index }, new DateOnly(2020, 1, 1).AddDays(index), Utc(2020, 1, 1).AddSeconds(index), index / 100m, index / 1000m, index * 1.5m, text]);
        }

        rows.Add([1000L, null, null, null, null, null, null, null, null, null, null, null, null, null, null, "all null"]);
        return [.. rows];
    }
}
