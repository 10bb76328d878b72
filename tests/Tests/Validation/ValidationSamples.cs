using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Validation;
using Handoff.SparkJob.Validation;
using Xunit;

namespace Handoff.Tests.Validation;

/// <summary>A manifest and the facts of a load that matches it exactly; tests change one fact at a time.</summary>
internal static class ValidationSamples
{
    public const string Md5A = "md5:f6a3bb0213684848037751f7390347f9";
    public const string Md5B = "md5:ffc88b4ca90a355f8ddba6b2c3b2af5c";

    public static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 5, 0, TimeSpan.Zero);

    public static ExportManifest Manifest() => new()
    {
        ExportId = "daily-2026-11-25",
        CreatedAt = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero),
        Source = ManifestSource.For("duckdb", "SELECT * FROM sales"),
        Format = new FormatSpec(FileFormat.Parquet, "snappy"),
        Schema = new TableSchema([
            new Column("customer_id", LogicalType.Long, false),
            new Column("amount", LogicalType.Decimal(18, 2), true),
            new Column("note", LogicalType.String, true),
        ]),
        RowCount = 10,
        Files =
        [
            new ManifestFile("part-00000.parquet", 6, 1234, Md5A),
            new ManifestFile("part-00001.parquet", 4, 999, Md5B),
        ],
    };

    public static List<FileFact> Files() =>
    [
        new FileFact("part-00000.parquet", true, 1234, Md5A, 6),
        new FileFact("part-00001.parquet", true, 999, Md5B, 4),
    ];

    public static TableFacts Table() => new()
    {
        Table = "main.sales.daily",
        Columns =
        [
            new TableColumnFact("customer_id", "long", false),
            new TableColumnFact("amount", "decimal(18,2)", true),
            new TableColumnFact("note", "string", true),
        ],
        TableRowCount = 10,
        RowsAddedByCommit = 10,
        NullCounts = new Dictionary<string, long> { ["customer_id"] = 0, ["amount"] = 2, ["note"] = 10 },
        Version = 3,
        Mode = TableFacts.Overwrite,
    };

    public static ValidationReport Validate(ExportManifest? manifest = null, IReadOnlyList<FileFact>? files = null, TableFacts? table = null) =>
        ManifestValidator.Validate(manifest ?? Manifest(), files ?? Files(), table ?? Table(), new FixedClock(Now));

    public static ValidationCheck Check(this ValidationReport report, string name) =>
        report.Checks.SingleOrDefault(c => c.Name == name)
            ?? throw new Xunit.Sdk.XunitException($"no check '{name}' in: {string.Join(", ", report.Checks.Select(c => c.Name))}");

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
