using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.Tests.Delta.Support;
using Xunit;

namespace Handoff.Tests.Delta;

/// <summary>RESTORE commits, as --rollback-on-failure uses them.</summary>
public sealed class DeltaRestoreTests
{
    [Fact]
    public async Task Restore_makes_the_table_equal_to_the_earlier_version()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 10);
        await t.AppendAsync(10, 10);
        var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
        tx.Mode = DeltaWriteMode.Overwrite;
        tx.Schema = TestTable.Schema;
        tx.AddFile(t.WriteIdsFile(500, 3));
        await tx.CommitAsync(CancellationToken.None);

        var result = await t.Table.RestoreAsync(1, "export-9", CancellationToken.None);

        var restored = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        var target = await t.Table.LoadSnapshotAsync(1, CancellationToken.None);
        Assert.Equal((3, 2, 1), (result.Version, result.FilesAdded, result.FilesRemoved));
        Assert.Equal(target.Files.Select(f => f.Path), restored.Files.Select(f => f.Path));
        Assert.Equal(20, await restored.CountRowsAsync(CancellationToken.None));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), t.ReadIds(restored));
        Assert.Equal("RESTORE", restored.CommitInfo!.Operation);
        Assert.Equal("1", restored.CommitInfo.OperationParameters["version"]);
        Assert.Equal("export-9", restored.CommitInfo.UserMetadata);
    }

    [Fact]
    public async Task Restore_resets_app_transactions_so_a_rolled_back_export_can_load_again()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 10);
        var load = await t.Table.StartTransactionAsync(CancellationToken.None);
        load.Schema = TestTable.Schema;
        load.SetAppTransaction("export-2", 1);
        load.AddFile(t.WriteIdsFile(10, 10));
        await load.CommitAsync(CancellationToken.None);

        await t.Table.RestoreAsync(0, null, CancellationToken.None);
        var afterRestore = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        var reload = await t.Table.StartTransactionAsync(CancellationToken.None);
        reload.Schema = TestTable.Schema;
        reload.SetAppTransaction("export-2", 1);
        reload.AddFile(t.WriteIdsFile(10, 10));
        await reload.CommitAsync(CancellationToken.None);

        Assert.Equal(-1L, afterRestore.GetAppTransactionVersion("export-2"));
        Assert.Equal(10, await afterRestore.CountRowsAsync(CancellationToken.None));
        var final = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        Assert.Equal(1L, final.GetAppTransactionVersion("export-2"));
        Assert.Equal(20, await final.CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Restore_restores_the_earlier_schema()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 10);
        var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
        tx.Mode = DeltaWriteMode.Overwrite;
        tx.OverwriteSchema = true;
        tx.Schema = new Shared.Schema.TableSchema([new Shared.Schema.Column("other", Shared.Schema.LogicalType.Integer, true)]);
        await tx.CommitAsync(CancellationToken.None);

        await t.Table.RestoreAsync(0, null, CancellationToken.None);

        var restored = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        Assert.Equal(["id", "name"], restored.Columns.Select(c => c.Name).ToArray());
        Assert.Equal(10, await restored.CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Restore_fails_clearly_when_a_file_of_the_target_version_is_gone()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 10);
        var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
        tx.Mode = DeltaWriteMode.Overwrite;
        tx.Schema = TestTable.Schema;
        tx.AddFile(t.WriteIdsFile(100, 1));
        await tx.CommitAsync(CancellationToken.None);
        var original = (await t.Table.LoadSnapshotAsync(0, CancellationToken.None)).Files[0].Path;
        File.Delete(t.FullPath(original));

        var error = await Assert.ThrowsAsync<DeltaException>(() => t.Table.RestoreAsync(0, null, CancellationToken.None));

        Assert.Equal(DeltaErrorKind.UnreadableFile, error.Kind);
        Assert.Contains(original, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await t.Table.LoadSnapshotAsync(null, CancellationToken.None)).Version);
    }

    [Fact]
    public async Task Restore_to_the_current_or_a_future_version_is_refused()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 1);

        var error = await Assert.ThrowsAsync<DeltaException>(() => t.Table.RestoreAsync(0, null, CancellationToken.None));

        Assert.Equal(DeltaErrorKind.VersionNotFound, error.Kind);
    }
}
