using System.Text.Json;
using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.Tests.Delta.Support;
using Xunit;

namespace Handoff.Tests.Delta;

/// <summary>
/// What every commit must be for Spark and kernel readers: never two actions that reconcile
/// (PROTOCOL.md "Delta Log Entries"; Spark's DELTA_DUPLICATE_ACTIONS_FOUND), and isBlindAppend
/// only for appends (Spark's OptimisticTransaction).
/// </summary>
public sealed class DeltaCommitRulesTests
{
    [Fact]
    public async Task An_overwrite_that_would_remove_and_add_the_same_file_is_refused_before_anything_is_committed()
    {
        using var t = new TestTable();
        var live = t.WriteIdsFile(0, 50, "e1/part-00000.parquet");
        var create = await t.Table.StartTransactionAsync(CancellationToken.None);
        create.Schema = TestTable.Schema;
        create.AddFile(live);
        await create.CommitAsync(CancellationToken.None);

        var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
        tx.Mode = DeltaWriteMode.Overwrite;
        tx.Schema = TestTable.Schema;
        tx.AddFile(live);
        var error = await Assert.ThrowsAsync<DeltaException>(() => tx.CommitAsync(CancellationToken.None));

        Assert.Equal(DeltaErrorKind.InvalidTransaction, error.Kind);
        Assert.Contains("e1/part-00000.parquet", error.Message, StringComparison.Ordinal);
        Assert.Contains("DELTA_DUPLICATE_ACTIONS_FOUND", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(t.FullPath("_delta_log/00000000000000000001.json")));
        var snapshot = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        Assert.Equal(50, await snapshot.CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Adding_the_same_file_twice_in_one_commit_is_refused()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 10);
        var file = t.WriteIdsFile(10, 5);

        var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
        tx.Schema = TestTable.Schema;
        tx.AddFile(file);
        tx.AddFile(file);
        var error = await Assert.ThrowsAsync<DeltaException>(() => tx.CommitAsync(CancellationToken.None));

        Assert.Contains("two add actions", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(t.FullPath("_delta_log/00000000000000000001.json")));
    }

    public static TheoryData<string, IDeltaAction[]> Reconciling => new()
    {
        { "more than one metaData action", [Metadata("a"), Metadata("b")] },
        { "more than one protocol action", [ProtocolAction.ForNewTable, ProtocolAction.ForNewTable] },
        { "more than one txn action for the appId 'app'", [new TxnAction("app", 1, null), new TxnAction("app", 2, null)] },
        { "two remove actions for the file 'p.parquet'", [Remove("p.parquet", null), Remove("p.parquet", Dv("x"))] },
        { "an add and a remove of the same file 'p.parquet' (deletion vector ux)", [Add("p.parquet", Dv("x")), Remove("p.parquet", Dv("x"))] },
    };

    [Theory]
    [MemberData(nameof(Reconciling))]
    public void Actions_that_reconcile_with_each_other_are_refused_naming_them(string what, IDeltaAction[] actions)
    {
        var error = Assert.Throws<DeltaException>(() => CommitInvariants.EnsureNoReconcilingActions(actions, "t"));

        Assert.Contains(what, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deletion_vector_update_and_txns_of_different_apps_are_allowed()
    {
        IDeltaAction[] actions =
        [
            Remove("p.parquet", Dv("old")), Add("p.parquet", Dv("new")), new TxnAction("a", 1, null), new TxnAction("b", 1, null), Metadata("m"),
        ];

        CommitInvariants.EnsureNoReconcilingActions(actions, "t");
    }

    [Fact]
    public async Task Appends_are_blind_appends_and_overwrites_are_not()
    {
        using var t = new TestTable();
        var overwriteCreate = await t.Table.StartTransactionAsync(CancellationToken.None);
        overwriteCreate.Mode = DeltaWriteMode.Overwrite;
        overwriteCreate.Schema = TestTable.Schema;
        overwriteCreate.AddFile(t.WriteIdsFile(0, 5));
        await overwriteCreate.CommitAsync(CancellationToken.None);
        await t.AppendAsync(5, 5);
        var overwrite = await t.Table.StartTransactionAsync(CancellationToken.None);
        overwrite.Mode = DeltaWriteMode.Overwrite;
        overwrite.Schema = TestTable.Schema;
        overwrite.AddFile(t.WriteIdsFile(10, 5));
        await overwrite.CommitAsync(CancellationToken.None);
        await t.Table.RestoreAsync(1, null, CancellationToken.None);

        var history = await t.Table.ReadHistoryAsync(CancellationToken.None);
        Assert.Equal(
            [("WRITE", false), ("WRITE", true), ("WRITE", false), ("RESTORE", false)],
            history.Select(h => (h.CommitInfo!.Operation, h.CommitInfo.IsBlindAppend)).ToList());
        var logged = JsonDocument.Parse(File.ReadLines(t.FullPath("_delta_log/00000000000000000001.json")).First()).RootElement;
        Assert.True(logged.GetProperty("commitInfo").GetProperty("isBlindAppend").GetBoolean());
    }

    private static MetadataAction Metadata(string id) =>
        new(id, null, null, "parquet", new Dictionary<string, string?>(), "{\"type\":\"struct\",\"fields\":[]}", [], new Dictionary<string, string?>(), 0);

    private static DeletionVectorDescriptor Dv(string path) => new("u", path, null, 10, 1);

    private static AddFile Add(string path, DeletionVectorDescriptor? dv) => new(path, new Dictionary<string, string?>(), 1, 0, true, DeletionVector: dv);

    private static RemoveFile Remove(string path, DeletionVectorDescriptor? dv) => new(path, 0, true, DeletionVector: dv);
}
