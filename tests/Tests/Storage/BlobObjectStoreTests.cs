using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Handoff.Shared.Storage;
using Handoff.Tests.Fixtures;
using Xunit;

namespace Handoff.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class BlobObjectStoreTests : ObjectStoreContractTests, IAsyncLifetime
{
    private readonly AzuriteFixture _azurite;
    private string _container = string.Empty;
    private IObjectStore? _store;

    public BlobObjectStoreTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    protected override IObjectStore Store => _store ?? throw new InvalidOperationException("not initialized");

    protected override (int Writers, int Rounds) Race => (4, 5);

    public async Task InitializeAsync()
    {
        _container = await _azurite.CreateContainerAsync();
        _store = Open(_container, "root/prefix");
    }

    public Task DisposeAsync() => _azurite.ServiceClient().GetBlobContainerClient(_container).DeleteIfExistsAsync();

    [Fact]
    public async Task A_lock_is_a_lease_that_renewals_keep_and_a_dead_holders_lease_expires_by_itself()
    {
        // Both halves wait out one 15 s lease (the shortest Blob Storage grants), so they run side by side.
        await Task.WhenAll(LiveHolderKeepsItsLeaseAsync(), ExpiredLeaseIsTakenOverAsync());
    }

    [Fact]
    public async Task A_lock_whose_holder_died_on_this_host_is_broken_at_once()
    {
        var blob = _azurite.ServiceClient().GetBlobContainerClient(_container).GetBlobClient("root/prefix/dead/.lock");
        var dead = DeadHolderOnThisHost();
        await blob.UploadAsync(BinaryData.FromBytes(dead.ToJson()));
        await blob.GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(60));

        await using var taken = await Store.AcquireLockAsync("dead/.lock", LockHolder.ForThisProcess(DateTimeOffset.UtcNow), None);

        Assert.Equal(dead, taken.TookOver?.Holder);
    }

    private async Task LiveHolderKeepsItsLeaseAsync()
    {
        await using var held = await Store.AcquireLockAsync("live/.lock", LockHolder.ForThisProcess(DateTimeOffset.UtcNow), None);
        await Task.Delay(TimeSpan.FromSeconds(18));

        // Past one lease period, the renewals have kept it: nobody else can take the lease.
        var blob = _azurite.ServiceClient().GetBlobContainerClient(_container).GetBlobClient("root/prefix/live/.lock");
        Assert.Equal(LeaseState.Leased, (await blob.GetPropertiesAsync()).Value.LeaseState);
        var other = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => blob.GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal("LeaseAlreadyPresent", other.ErrorCode);
        Assert.False(held.Lost.IsCancellationRequested);
        await held.EnsureHeldAsync(None);
    }

    private async Task ExpiredLeaseIsTakenOverAsync()
    {
        // A holder on another host that stopped renewing: its lease runs out, then the lock is taken over.
        var blob = _azurite.ServiceClient().GetBlobContainerClient(_container).GetBlobClient("root/prefix/expired/.lock");
        var gone = new LockHolder(DateTimeOffset.UtcNow, "other-host", 77, DateTimeOffset.UtcNow, "another-host");
        await blob.UploadAsync(BinaryData.FromBytes(gone.ToJson()));
        await blob.GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(15));

        await using var taken = await Store.AcquireLockAsync("expired/.lock", LockHolder.ForThisProcess(DateTimeOffset.UtcNow), None);

        Assert.Equal(gone, taken.TookOver?.Holder);
        Assert.Equal(Environment.ProcessId, LockHolder.Parse((await blob.DownloadContentAsync()).Value.Content.ToArray())?.Pid);
    }

    private static LockHolder DeadHolderOnThisHost()
    {
        // A process that has exited: its pid is free (or reused by a process with another start time).
        using var exited = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        exited.WaitForExit();
        var self = LockHolder.ForThisProcess(DateTimeOffset.UtcNow);
        return self with { Pid = exited.Id, ProcessStartedAt = DateTimeOffset.UtcNow.AddDays(-1) };
    }

    [Fact]
    public async Task A_multi_block_upload_sets_content_md5_to_the_md5_of_the_whole_content()
    {
        var store = Open(_container, "blocks", new BlobStoreOptions { BlockSize = 1000, MaxParallelBlocks = 3 });
        var content = Bytes(10_500, seed: 11);
        await using var upload = await store.StartUploadAsync("big.bin", None);
        for (var offset = 0; offset < content.Length; offset += 777)
        {
            await upload.Content.WriteAsync(content.AsMemory(offset, Math.Min(777, content.Length - offset)), None);
        }

        var stored = await upload.CommitAsync(None);

        var blob = _azurite.ServiceClient().GetBlobContainerClient(_container).GetBlockBlobClient("blocks/big.bin");
        var properties = (await blob.GetPropertiesAsync()).Value;
        var blocks = (await blob.GetBlockListAsync(BlockListTypes.Committed)).Value;
        Assert.Equal(MD5.HashData(content), properties.ContentHash);
        Assert.Equal(MD5.HashData(content), stored.ContentMd5);
        Assert.Equal(11, blocks.CommittedBlocks.Count());
        Assert.Equal(10_500, properties.ContentLength);
        Assert.Equal(MD5.HashData(content), (await store.GetAsync("big.bin", None))!.ContentMd5);
        Assert.Equal(MD5.HashData(content), (await ToListAsync(store.ListAsync("", None))).Single().ContentMd5);
    }

    [Fact]
    public async Task Synchronous_writes_across_many_blocks_keep_their_order()
    {
        var store = Open(_container, "sync", new BlobStoreOptions { BlockSize = 64, MaxParallelBlocks = 2 });
        var content = Bytes(3000, seed: 12);
        await using var upload = await store.StartUploadAsync("s.bin", None);
        foreach (var b in content)
        {
            upload.Content.WriteByte(b);
        }

        await upload.CommitAsync(None);

        await using var read = await store.OpenReadAsync("s.bin", None);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task Put_if_absent_sets_content_md5()
    {
        var content = Encoding.UTF8.GetBytes("{\"commitInfo\":{}}");
        await Store.PutIfAbsentAsync("_delta_log/0.json", content, None);

        Assert.Equal(MD5.HashData(content), (await Store.GetAsync("_delta_log/0.json", None))!.ContentMd5);
    }

    [Fact]
    public async Task A_copy_within_the_account_runs_on_the_server_and_keeps_content_md5()
    {
        var otherContainer = await _azurite.CreateContainerAsync();
        var source = Open(otherContainer, "exports");
        var content = Bytes(5000, seed: 13);
        await using (var upload = await source.StartUploadAsync("e1/part-0.parquet", None))
        {
            await upload.Content.WriteAsync(content, None);
            await upload.CommitAsync(None);
        }

        var copied = await Store.CopyFromAsync(source, "e1/part-0.parquet", "tables/t/part-0.parquet", None);

        var target = _azurite.ServiceClient().GetBlobContainerClient(_container).GetBlobClient("root/prefix/tables/t/part-0.parquet");
        var properties = (await target.GetPropertiesAsync()).Value;
        Assert.Equal(CopyStatus.Success, properties.CopyStatus);
        Assert.EndsWith($"/{otherContainer}/exports/e1/part-0.parquet", properties.CopySource.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(MD5.HashData(content), copied.ContentMd5);
        Assert.Equal(content, await ReadAllAsync("tables/t/part-0.parquet"));
    }

    [Fact]
    public async Task Copies_between_a_local_folder_and_blob_are_streamed_both_ways()
    {
        var folder = Directory.CreateTempSubdirectory("blob-local-copy-");
        try
        {
            var local = new LocalObjectStore(folder.FullName);
            var content = Bytes(3333, seed: 14);
            await local.PutIfAbsentAsync("in.bin", content, None);

            var up = await Store.CopyFromAsync(local, "in.bin", "copied.bin", None);
            var down = await local.CopyFromAsync(Store, "copied.bin", "back.bin", None);

            Assert.Equal(MD5.HashData(content), up.ContentMd5);
            Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(folder.FullName, "back.bin")));
            Assert.Equal(3333, down.Size);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Folder_placeholders_of_hierarchical_accounts_are_not_listed_or_found()
    {
        var folderBlob = _azurite.ServiceClient().GetBlobContainerClient(_container).GetBlobClient("root/prefix/dir");
        await folderBlob.UploadAsync(BinaryData.FromBytes(Array.Empty<byte>()), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["hdi_isfolder"] = "true" } });
        await PutAsync("dir/file.txt", Encoding.UTF8.GetBytes("x"));

        Assert.Equal(["dir/file.txt"], (await ListAsync("")).Select(o => o.Path));
        Assert.Null(await Store.GetAsync("dir", None));
    }

    [Fact]
    public async Task A_missing_container_is_reported_without_naming_a_flag_of_either_program()
    {
        var missing = AzuriteFixture.NewContainerName();
        var store = Open(missing, "x");

        var error = await Assert.ThrowsAsync<StorageException>(() => store.EnsureContainerAsync(createIfMissing: false, None));

        Assert.Equal(StorageErrorKind.ContainerNotFound, error.Kind);
        Assert.Equal($"container '{missing}' does not exist in account 'devstoreaccount1'", error.Message);
        Assert.Equal(StorageErrorKind.ContainerNotFound, (await Assert.ThrowsAsync<StorageException>(() => store.PutIfAbsentAsync("a", new byte[] { 1 }, None))).Kind);
    }

    [Fact]
    public async Task Ensure_container_with_create_makes_a_usable_container()
    {
        var name = AzuriteFixture.NewContainerName();
        var store = Open(name, "p");
        try
        {
            await store.EnsureContainerAsync(createIfMissing: true, None);
            await store.EnsureContainerAsync(createIfMissing: false, None);

            Assert.True(await store.PutIfAbsentAsync("a.txt", new byte[] { 1 }, None));
            Assert.True((await _azurite.ServiceClient().GetBlobContainerClient(name).ExistsAsync()).Value);
        }
        finally
        {
            await _azurite.ServiceClient().GetBlobContainerClient(name).DeleteIfExistsAsync();
        }
    }

    [Fact]
    public async Task An_abandoned_multi_block_upload_commits_nothing()
    {
        var store = Open(_container, "abandon", new BlobStoreOptions { BlockSize = 100, MaxParallelBlocks = 2 });
        await using (var upload = await store.StartUploadAsync("half.bin", None))
        {
            await upload.Content.WriteAsync(Bytes(1000, seed: 15), None);
        }

        var blob = _azurite.ServiceClient().GetBlobContainerClient(_container).GetBlobClient("abandon/half.bin");
        Assert.False((await blob.ExistsAsync()).Value);
    }

    [Fact]
    public void The_root_is_the_display_location_of_the_prefix()
    {
        Assert.Equal(_azurite.BlobLocation(_container, "root/prefix"), Store.Root.ToString());
        Assert.IsType<BlobObjectStore>(Store);
    }

    private IObjectStore Open(string container, string prefix, BlobStoreOptions? options = null) =>
        ObjectStoreFactory.Open(_azurite.BlobLocation(container, prefix), _azurite.Credentials, options);
}
