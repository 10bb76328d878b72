using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Errors;
using Handoff.Tests.Delta.Support;
using Xunit;

namespace Handoff.Tests.Delta;

/// <summary>
/// PROTOCOL.md lets add/remove name a file by absolute URI (shallow clones do). Files inside the
/// table's own folder are read whatever the form; others are refused, naming the path, only when
/// the snapshot read holds them.
/// </summary>
public sealed class DeltaAbsolutePathTests
{
    [Theory]
    [InlineData("file")]
    [InlineData("file-short")]
    [InlineData("rooted")]
    public async Task A_live_file_named_by_an_absolute_path_inside_the_table_is_read(string form)
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 10);
        var file = t.WriteIdsFile(10, 7, "abs dir/part-1.parquet");
        var full = t.FullPath(file.Path);
        var logPath = form switch
        {
            "file" => new Uri(full).AbsoluteUri,
            "file-short" => "file:" + new Uri(full).AbsolutePath,
            _ => new Uri(full).AbsolutePath,
        };
        await WriteCommitAsync(t, 1, Add(logPath, withStats: false));

        var snapshot = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);

        Assert.Equal(17, await snapshot.CountRowsAsync(CancellationToken.None));
        Assert.Equal("abs dir/part-1.parquet", snapshot.ObjectPathOf(logPath));
    }

    [Fact]
    public async Task A_file_outside_the_table_is_refused_naming_it_only_while_it_is_live()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 10);
        const string Outside = "s3://other-bucket/table/part-9.parquet";
        await WriteCommitAsync(t, 1, Add(Outside, withStats: false));
        await WriteCommitAsync(t, 2, Remove(Outside));

        var live = await t.Table.LoadSnapshotAsync(1, CancellationToken.None);
        var error = await Assert.ThrowsAsync<DeltaException>(() => live.CountRowsAsync(CancellationToken.None));
        var latest = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);

        Assert.Equal(DeltaErrorKind.UnreadableFile, error.Kind);
        Assert.Contains(Outside, error.Message, StringComparison.Ordinal);
        Assert.Equal(10, await latest.CountRowsAsync(CancellationToken.None));
        Assert.Single(latest.Files);
    }

    [Fact]
    public async Task A_relative_add_and_an_absolute_remove_of_the_same_file_reconcile()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 10);
        var file = t.WriteIdsFile(10, 5, "x/part-2.parquet");
        await WriteCommitAsync(t, 1, Add(FilePaths.ToLogPath(file.Path), withStats: true));
        await WriteCommitAsync(t, 2, Remove(new Uri(t.FullPath(file.Path)).AbsoluteUri));

        var snapshot = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);

        Assert.Equal(10, await snapshot.CountRowsAsync(CancellationToken.None));
        Assert.DoesNotContain(snapshot.Files, f => f.Path.Contains("part-2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("abfss://data@acct.dfs.core.windows.net/tables/t1/part-0.parquet", "part-0.parquet")]
    [InlineData("abfss://data@ACCT.dfs.core.windows.net/tables/t1/a%20b/part-0.parquet", "a b/part-0.parquet")]
    [InlineData("wasbs://data@acct.blob.core.windows.net/tables/t1/part-0.parquet", "part-0.parquet")]
    [InlineData("https://acct.blob.core.windows.net/data/tables/t1/p%3D1/part-0.parquet", "p=1/part-0.parquet")]
    [InlineData("/tables/t1/part-0.parquet", "part-0.parquet")]
    [InlineData("part%200.parquet", "part 0.parquet")]
    public void Blob_paths_in_the_tables_account_container_and_folder_resolve(string logPath, string objectPath)
    {
        var paths = new TableFilePaths(StorageLocationParser.Parse("https://acct.blob.core.windows.net/data/tables/t1"));

        Assert.Equal(objectPath, paths.Resolve(logPath));
    }

    [Theory]
    [InlineData("abfss://data@other.dfs.core.windows.net/tables/t1/part-0.parquet")]
    [InlineData("abfss://other@acct.dfs.core.windows.net/tables/t1/part-0.parquet")]
    [InlineData("abfss://data@acct.dfs.core.windows.net/tables/t10/part-0.parquet")]
    [InlineData("abfss://data@acct.dfs.core.windows.net/tables/part-0.parquet")]
    [InlineData("s3://data/tables/t1/part-0.parquet")]
    [InlineData("dbfs:/tables/t1/part-0.parquet")]
    [InlineData("../t2/part-0.parquet")]
    public void Other_paths_are_refused_naming_them(string logPath)
    {
        var paths = new TableFilePaths(StorageLocationParser.Parse("https://acct.blob.core.windows.net/data/tables/t1"));

        var error = Assert.Throws<DeltaException>(() => paths.Resolve(logPath));

        Assert.Equal(DeltaErrorKind.UnreadableFile, error.Kind);
        Assert.Contains(logPath, error.Message, StringComparison.Ordinal);
    }

    private static string Add(string path, bool withStats) =>
        "{\"add\":{\"path\":\"" + path + "\",\"partitionValues\":{},\"size\":100,\"modificationTime\":1,\"dataChange\":true"
        + (withStats ? ",\"stats\":\"{\\\"numRecords\\\":5}\"" : string.Empty) + "}}";

    private static string Remove(string path) =>
        "{\"remove\":{\"path\":\"" + path + "\",\"deletionTimestamp\":2,\"dataChange\":true}}";

    private static Task WriteCommitAsync(TestTable t, long version, string action) =>
        File.WriteAllTextAsync(t.FullPath($"_delta_log/{version:D20}.json"), "{\"commitInfo\":{\"timestamp\":" + version + ",\"operation\":\"WRITE\"}}\n" + action + "\n");
}
