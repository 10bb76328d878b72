using Xunit;
using Handoff.Exporter.Export;
using Handoff.Exporter.Sources;
using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Storage;
using Handoff.Tests.Support;

namespace Handoff.Tests.Export;

/// <summary>Files first, manifest last: a failure midway leaves no manifest, and a re-run commits only complete files.</summary>
public sealed class ExportCommitProtocolTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Failure_midway_leaves_no_manifest_and_a_rerun_lists_only_complete_files()
    {
        var folder = new LocalObjectStore(_temp.Path).Sub("retry");
        var options = new ExportOptions
        {
            ExportId = "retry",
            Format = new FormatSpec(FileFormat.Parquet, "snappy"),
            Split = new SplitPolicy(100, null),
            FileNames = FileNameTemplate.Parse("attempt-{date:HHmmssfffffff}-{n:000}"),
        };

        var failing = new CountingSource(totalRows: 1000, failAfterRows: 450);
        await Assert.ThrowsAsync<SourceException>(() => new ExportPipeline(folder, TimeProvider.System).RunAsync(failing, "q", options, null, CancellationToken.None));
        Assert.False(File.Exists(_temp.Combine("retry", "manifest.json")));
        Assert.False(Directory.Exists(_temp.Combine("retry")), "a failed export removes its files and its folder");

        var result = await new ExportPipeline(folder, TimeProvider.System).RunAsync(new CountingSource(totalRows: 1000), "q", options, null, CancellationToken.None);

        Assert.Equal(1000, result.Manifest.RowCount);
        var onDisk = Directory.GetFiles(_temp.Combine("retry")).Select(Path.GetFileName).Where(n => n!.StartsWith("attempt-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(result.Manifest.Files.Select(f => f.Path).Order(StringComparer.Ordinal).ToArray(), onDisk);
        foreach (var file in result.Manifest.Files)
        {
            Assert.Equal(new FileInfo(_temp.Combine("retry", file.Path)).Length, file.Bytes);
        }
    }

    [Fact]
    public async Task Cancellation_leaves_no_manifest()
    {
        var folder = new LocalObjectStore(_temp.Path).Sub("cancel");
        using var cancel = new CancellationTokenSource();
        var source = new CountingSource(totalRows: 10_000, onBatch: rows => { if (rows >= 2000) { cancel.Cancel(); } });
        var options = new ExportOptions { ExportId = "cancel", Format = new FormatSpec(FileFormat.Csv, "none", new CsvOptions()) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ExportPipeline(folder, TimeProvider.System).RunAsync(source, "q", options, null, cancel.Token));

        Assert.False(File.Exists(_temp.Combine("cancel", "manifest.json")));
        Assert.False(Directory.Exists(_temp.Combine("cancel")), "a cancelled export removes its files and its folder");
    }

    /// <summary>A source of sequential ids that can fail or observe progress after some rows.</summary>
    private sealed class CountingSource(long totalRows, long failAfterRows = long.MaxValue, Action<long>? onBatch = null) : IQuerySource, IQueryResult
    {
        private long _produced;

        public string Kind => "test";

        public TableSchema Schema { get; } = new([new Column("id", LogicalType.Long, false), new Column("label", LogicalType.String, true)]);

        public Task<IQueryResult> ExecuteAsync(string sql, CancellationToken cancellationToken) => Task.FromResult<IQueryResult>(this);

        public Task<bool> ReadAsync(RowBatch batch, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_produced >= failAfterRows)
            {
                throw new SourceException("connection lost");
            }

            var count = (int)Math.Min(Math.Min(batch.Capacity, 64), totalRows - _produced);
            var ids = batch.Values<long>(0);
            var labels = batch.References<string>(1);
            for (var i = 0; i < count; i++)
            {
                ids[i] = _produced + i;
                labels[i] = i % 7 == 0 ? null : $"row {_produced + i}";
            }

            batch.Count = count;
            _produced += count;
            onBatch?.Invoke(_produced);
            return Task.FromResult(count > 0);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
