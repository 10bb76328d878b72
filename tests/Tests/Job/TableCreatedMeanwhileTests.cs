using System.Runtime.CompilerServices;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.SparkJob.Engines;
using Handoff.SparkJob.Engines.Embedded;
using Handoff.SparkJob.Job;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job;

/// <summary>
/// The race the concurrent-append test found once: a load sees no Delta log, then, while it
/// checks that the folder holds nothing else, another load creates the table. The first load
/// must append to that table, not refuse the folder as "not a Delta table".
/// </summary>
public sealed class TableCreatedMeanwhileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_load_that_finds_the_table_created_while_it_looked_appends_to_it()
    {
        var exports = _temp.Combine("exports");
        var table = _temp.Combine("table");
        var first = await ExportAsync(exports, "first");
        var second = await ExportAsync(exports, "second");
        var tableFolder = new LocalObjectStore(table);
        var racing = new CreatesTableOnFirstRootListing(tableFolder, async () =>
        {
            var load = await Cli.SparkJobAsync(["load", "--manifest", first, "--table", table]);
            Assert.True(load.ExitCode == 0, load.ToString());
        });

        var export = await ExportReference.OpenAsync(second, StorageCredentials.None, CancellationToken.None);
        await new EmbeddedEngine(racing).LoadAsync(new LoadRequest(export, DeltaWriteMode.Append, "second"), CancellationToken.None);

        Assert.True(racing.Raced);
        var snapshot = await DeltaLog.LoadSnapshotAsync(tableFolder, null, CancellationToken.None);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(60, await snapshot.CountRowsAsync(CancellationToken.None));
    }

    private static async Task<string> ExportAsync(string exportsLocation, string exportId)
    {
        var result = await Cli.ExporterAsync(["export", "--sample-rows", "30", "--to", exportsLocation, "--export-id", exportId, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json().GetProperty("manifest").GetString()!;
    }

    /// <summary>A table folder in which another load creates the table just as the first listing of the whole folder starts.</summary>
    private sealed class CreatesTableOnFirstRootListing(IObjectStore inner, Func<Task> createTable) : IObjectStore
    {
        public bool Raced { get; private set; }

        public StorageLocation Root => inner.Root;

        public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (prefix.Length == 0 && !Raced)
            {
                Raced = true;
                await createTable();
            }

            await foreach (var item in inner.ListAsync(prefix, cancellationToken))
            {
                yield return item;
            }
        }

        public Task EnsureContainerAsync(bool createIfMissing, CancellationToken cancellationToken) => inner.EnsureContainerAsync(createIfMissing, cancellationToken);

        public Task<IObjectUpload> StartUploadAsync(string path, CancellationToken cancellationToken) => inner.StartUploadAsync(path, cancellationToken);

        public Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.PutIfAbsentAsync(path, content, cancellationToken);

        public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken) => inner.OpenReadAsync(path, cancellationToken);

        public Task<ReadOnlyMemory<byte>> ReadRangeAsync(string path, long offset, int length, CancellationToken cancellationToken) => inner.ReadRangeAsync(path, offset, length, cancellationToken);

        public Task<StoredObject?> GetAsync(string path, CancellationToken cancellationToken) => inner.GetAsync(path, cancellationToken);

        public Task DeleteAsync(string path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

        public Task<StoredObject> CopyFromAsync(IObjectStore source, string sourcePath, string path, CancellationToken cancellationToken) => inner.CopyFromAsync(source, sourcePath, path, cancellationToken);

        public Task<IStorageLock> AcquireLockAsync(string path, LockHolder holder, CancellationToken cancellationToken) => inner.AcquireLockAsync(path, holder, cancellationToken);

        public IObjectStore Sub(string relativePath) => inner.Sub(relativePath);
    }
}
