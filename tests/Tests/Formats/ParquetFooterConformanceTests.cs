using Handoff.Shared.Formats.Parquet;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Formats;

/// <summary>Our footer reader on Parquet files other writers made (Spark's data files and Delta checkpoints).</summary>
public sealed class ParquetFooterConformanceTests
{
    [Fact]
    public async Task Row_counts_match_DuckDb_for_every_golden_file()
    {
        var expected = DuckDb.Query($"SELECT file_name, num_rows FROM parquet_file_metadata({DuckDb.Literal(Path.Combine(RepoPaths.DeltaGolden, "**", "*.parquet"))})")
            .ToDictionary(r => Path.GetFullPath((string)r[0]!), r => Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(expected.Count > 100, $"expected the golden tables to hold many Parquet files, found {expected.Count}");

        foreach (var (path, rows) in expected)
        {
            await using var file = File.OpenRead(path);
            var footer = await ParquetFiles.ReadFooterAsync(file, CancellationToken.None);
            Assert.True(rows == footer.RowCount, $"{path}: DuckDB counts {rows} rows, we read {footer.RowCount}");
            Assert.Equal(rows, footer.RowGroups.Sum(g => g.RowCount));
            Assert.NotEmpty(footer.Columns);
        }
    }
}
