using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Delta.Engine;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.Tests.Delta.Support;
using Xunit;

namespace Handoff.Tests.Delta;

/// <summary>Optimistic concurrency: put-if-absent commits, rebasing over other writers, txn idempotency.</summary>
public sealed class DeltaTransactionTests
{
    [Fact]
    public async Task Four_writers_appending_ten_times_each_make_forty_contiguous_commits()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 0);
        var template = t.WriteIdsFile(0, 5, "template.parquet");

        async Task WriterAsync(int writer)
        {
            for (var i = 0; i < 10; i++)
            {
                var path = $"w{writer}/part-{i:D5}.parquet";
                Directory.CreateDirectory(Path.GetDirectoryName(t.FullPath(path))!);
                File.Copy(t.FullPath(template.Path), t.FullPath(path));
                var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
                tx.Schema = TestTable.Schema;
                tx.UserMetadata = $"w{writer}-{i}";
                tx.AddFile(template with { Path = path });
                await tx.CommitAsync(CancellationToken.None);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() => WriterAsync(w))));

        var snapshot = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        var history = await t.Table.ReadHistoryAsync(CancellationToken.None);
        Assert.Equal(40, snapshot.Version);
        Assert.Equal(Enumerable.Range(0, 41).Select(v => (long)v), history.Select(h => h.Version));
        Assert.Equal(
            Enumerable.Range(0, 4).SelectMany(w => Enumerable.Range(0, 10).Select(i => $"w{w}-{i}")).Order(StringComparer.Ordinal),
            history.Skip(1).Select(h => h.CommitInfo!.UserMetadata!).Order(StringComparer.Ordinal));
        Assert.Equal(40, snapshot.Files.Count);
        Assert.Equal(200, await snapshot.CountRowsAsync(CancellationToken.None));
        Assert.Equal(200, t.ReadIds(snapshot).Count);
        foreach (var checkpoint in new[] { 10, 20, 30, 40 })
        {
            Assert.True(File.Exists(t.FullPath($"_delta_log/{checkpoint:D20}.checkpoint.parquet")), $"no checkpoint at version {checkpoint}");
        }
    }

    [Fact]
    public async Task A_stale_writer_retries_at_the_next_version()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 10);
        var stale = await t.Table.StartTransactionAsync(CancellationToken.None);
        stale.Schema = TestTable.Schema;
        stale.AddFile(t.WriteIdsFile(100, 5));

        await t.AppendAsync(10, 5);
        var result = await stale.CommitAsync(CancellationToken.None);

        Assert.Equal(0, stale.ReadVersion);
        Assert.Equal(2, result.Version);
        Assert.Equal(2, result.Attempts);
        var snapshot = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        Assert.Equal(20, await snapshot.CountRowsAsync(CancellationToken.None));
        Assert.Equal(1, snapshot.CommitInfo!.ReadVersion);
    }

    [Fact]
    public async Task A_stale_overwrite_conflicts_with_a_concurrent_append_instead_of_dropping_it()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 10);
        var overwrite = await t.Table.StartTransactionAsync(CancellationToken.None);
        overwrite.Mode = DeltaWriteMode.Overwrite;
        overwrite.Schema = TestTable.Schema;
        overwrite.AddFile(t.WriteIdsFile(100, 5));

        await t.AppendAsync(10, 5);
        var error = await Assert.ThrowsAsync<DeltaException>(() => overwrite.CommitAsync(CancellationToken.None));

        Assert.Equal(DeltaErrorKind.ConcurrentModification, error.Kind);
        Assert.Equal(1, (await t.Table.LoadSnapshotAsync(null, CancellationToken.None)).Version);
    }

    [Fact]
    public async Task Committing_the_same_app_transaction_twice_fails_as_already_loaded()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 0);
        var first = await t.Table.StartTransactionAsync(CancellationToken.None);
        first.Schema = TestTable.Schema;
        first.SetAppTransaction("export-1", 1);
        first.AddFile(t.WriteIdsFile(0, 5));
        await first.CommitAsync(CancellationToken.None);

        var again = await t.Table.StartTransactionAsync(CancellationToken.None);
        again.Schema = TestTable.Schema;
        again.SetAppTransaction("export-1", 1);
        again.AddFile(t.WriteIdsFile(0, 5));
        var error = await Assert.ThrowsAsync<DeltaTransactionAlreadyCommittedException>(() => again.CommitAsync(CancellationToken.None));

        Assert.Equal(("export-1", 1L, 1L), (error.AppId, error.RequestedVersion, error.CommittedVersion));
        Assert.Contains("already loaded", error.Message, StringComparison.Ordinal);
        var snapshot = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        Assert.Equal(1L, snapshot.GetAppTransactionVersion("export-1"));
        Assert.Equal(5, await snapshot.CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_concurrent_writer_committing_the_same_app_transaction_stops_the_other()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 0);
        var a = await t.Table.StartTransactionAsync(CancellationToken.None);
        var b = await t.Table.StartTransactionAsync(CancellationToken.None);
        foreach (var tx in new[] { a, b })
        {
            tx.Schema = TestTable.Schema;
            tx.SetAppTransaction("export-7", 3);
            tx.AddFile(t.WriteIdsFile(0, 5));
        }

        await b.CommitAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<DeltaTransactionAlreadyCommittedException>(() => a.CommitAsync(CancellationToken.None));

        Assert.Equal(1, error.TableVersion);
        Assert.Equal(5, await (await t.Table.LoadSnapshotAsync(null, CancellationToken.None)).CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_newer_app_transaction_version_commits()
    {
        using var t = new TestTable();
        await t.CreateAsync(rows: 0);
        foreach (var version in new[] { 1L, 2L })
        {
            var tx = await t.Table.StartTransactionAsync(CancellationToken.None);
            tx.Schema = TestTable.Schema;
            tx.SetAppTransaction("loader", version);
            tx.AddFile(t.WriteIdsFile(version * 10, 2));
            await tx.CommitAsync(CancellationToken.None);
        }

        var snapshot = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        Assert.Equal(2L, snapshot.GetAppTransactionVersion("loader"));
        Assert.Null(snapshot.GetAppTransactionVersion("other"));
    }

    [Fact]
    public async Task Two_writers_creating_the_same_table_both_land_as_create_then_append()
    {
        using var t = new TestTable();
        var a = await t.Table.StartTransactionAsync(CancellationToken.None);
        var b = await t.Table.StartTransactionAsync(CancellationToken.None);
        foreach (var (tx, from) in new[] { (a, 0L), (b, 100L) })
        {
            tx.Schema = TestTable.Schema;
            tx.AddFile(t.WriteIdsFile(from, 4));
        }

        await a.CommitAsync(CancellationToken.None);
        var second = await b.CommitAsync(CancellationToken.None);

        var snapshot = await t.Table.LoadSnapshotAsync(null, CancellationToken.None);
        Assert.Equal(1, second.Version);
        Assert.Equal(8, await snapshot.CountRowsAsync(CancellationToken.None));
        Assert.Equal(0, snapshot.CommitInfo!.ReadVersion);
        Assert.Equal(TestTable.Schema.Select(c => c.Name), snapshot.Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task A_put_that_succeeded_but_reported_a_conflict_is_recognised_as_our_own_commit()
    {
        using var t = new TestTable();
        var engine = new RetriedPutEngine(new ObjectStoreDeltaEngine(t.Store));
        var table = new DeltaTable(engine);
        var tx = await table.StartTransactionAsync(CancellationToken.None);
        tx.Schema = TestTable.Schema;
        tx.AddFile(t.WriteIdsFile(0, 6));

        var result = await tx.CommitAsync(CancellationToken.None);

        Assert.Equal((0, 1), (result.Version, result.Attempts));
        Assert.Equal(1, engine.Puts);
        var snapshot = await table.LoadSnapshotAsync(null, CancellationToken.None);
        Assert.Equal(0, snapshot.Version);
        Assert.Equal(6, await snapshot.CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Gives_up_after_the_attempt_limit_when_others_keep_winning()
    {
        using var t = new TestTable(new DeltaTransactionOptions { MaxCommitAttempts = 1 });
        await t.CreateAsync(rows: 1);
        var stale = await t.Table.StartTransactionAsync(CancellationToken.None);
        stale.Schema = TestTable.Schema;
        stale.AddFile(t.WriteIdsFile(5, 1));
        await t.AppendAsync(10, 1);

        var error = await Assert.ThrowsAsync<DeltaException>(() => stale.CommitAsync(CancellationToken.None));

        Assert.Equal(DeltaErrorKind.ConcurrentModification, error.Kind);
        Assert.Contains("1 attempts", error.Message, StringComparison.Ordinal);
    }
}
