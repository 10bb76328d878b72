using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Delta.Schema;
using Handoff.Tests.Delta.Support;
using Xunit;

namespace Handoff.Tests.Delta;

/// <summary>
/// Checks the files a snapshot selects, not just their count: for the golden tables whose data
/// files hold the table's rows as they are (no partition columns, deletion vectors or column
/// mapping, whose rows DuckDB alone cannot rebuild), DuckDB reads the live files and finds
/// exactly the rows of expected/*.parquet.
/// </summary>
public sealed class DeltaGoldenValuesTests
{
    public static TheoryData<string> PlainCases() => new(GoldenCase.All
        .Where(c => c.Expect == "snapshot" && c.Rows > 0 && Directory.Exists(c.ExpectedPath) && RowsAreStoredAsIs(c))
        .Select(c => c.Name));

    [Fact]
    public void Most_golden_tables_are_checked_value_by_value()
    {
        // Guards the filter above: if it excluded nearly everything, the theory would prove little.
        Assert.True(PlainCases().Count >= 25, $"only {PlainCases().Count} golden tables qualify for the value check");
    }

    private static bool RowsAreStoredAsIs(GoldenCase golden)
    {
        var snapshot = DeltaLog.LoadSnapshotAsync(new LocalObjectStore(golden.TablePath), null, CancellationToken.None).GetAwaiter().GetResult();
        return snapshot.PartitionColumns.Count == 0
            && snapshot.ColumnMapping == ColumnMappingMode.None
            && snapshot.Files.All(f => f.DeletionVector is null);
    }

    [Theory]
    [MemberData(nameof(PlainCases))]
    public async Task Live_files_hold_exactly_the_expected_rows(string name)
    {
        var golden = GoldenCase.Named(name);
        var snapshot = await DeltaLog.LoadSnapshotAsync(new LocalObjectStore(golden.TablePath), null, CancellationToken.None);
        using var duck = new DuckDb();
        var columns = string.Join(", ", snapshot.Columns.Select(c => "\"" + c.Name + "\""));
        var files = DuckDb.FileList(snapshot.Files.Select(f => Path.Combine(golden.TablePath, Uri.UnescapeDataString(f.Path))));
        var expected = DuckDb.Quote(Path.Combine(golden.ExpectedPath, "*.parquet"));
        var live = $"SELECT {columns} FROM read_parquet({files}, union_by_name = true)";
        var want = $"SELECT {columns} FROM read_parquet({expected}, union_by_name = true)";

        Assert.Equal(0L, duck.Scalar<long>($"SELECT count(*) FROM ({live} EXCEPT ALL {want})"));
        Assert.Equal(0L, duck.Scalar<long>($"SELECT count(*) FROM ({want} EXCEPT ALL {live})"));
    }
}
