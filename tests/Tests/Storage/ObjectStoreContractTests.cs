using System.Security.Cryptography;
using System.Text;
using Handoff.Shared.Storage;
using Xunit;

namespace Handoff.Tests.Storage;

/// <summary>
/// Behaviours every <see cref="IObjectStore"/> must show, run against each implementation by a
/// derived class, so the local folder and Blob stores cannot drift apart.
/// </summary>
public abstract class ObjectStoreContractTests
{
    protected static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The store under test, empty at the start of each test.</summary>
    protected abstract IObjectStore Store { get; }

    /// <summary>How many racing writers the put-if-absent race uses, and how many rounds.</summary>
    protected virtual (int Writers, int Rounds) Race => (4, 10);

    [Fact]
    public async Task An_upload_is_invisible_until_it_is_committed()
    {
        var content = Bytes(5000, seed: 1);
        await using var upload = await Store.StartUploadAsync("out/part-00000.bin", None);
        await upload.Content.WriteAsync(content, None);

        Assert.Null(await Store.GetAsync("out/part-00000.bin", None));
        Assert.Empty(await ListAsync(""));

        var stored = await upload.CommitAsync(None);

        Assert.Equal(5000, stored.Size);
        Assert.Equal("out/part-00000.bin", stored.Path);
        Assert.Equal(content, await ReadAllAsync("out/part-00000.bin"));
        Assert.Equal(5000, (await Store.GetAsync("out/part-00000.bin", None))!.Size);
    }

    [Fact]
    public async Task Commit_reports_the_md5_of_the_content_and_the_bytes_written()
    {
        var content = Bytes(12345, seed: 2);
        await using var upload = await Store.StartUploadAsync("data.bin", None);
        await upload.Content.WriteAsync(content.AsMemory(0, 345), None);
        await upload.Content.WriteAsync(content.AsMemory(345), None);
        Assert.Equal(12345, upload.BytesWritten);

        var stored = await upload.CommitAsync(None);

        Assert.Equal(MD5.HashData(content), stored.ContentMd5);
    }

    [Fact]
    public async Task An_upload_without_checksum_stores_the_bytes_and_no_md5()
    {
        var content = Bytes(70000, seed: 21);
        await using var upload = await Store.StartUploadAsync("table/part-00000.parquet", UploadChecksum.None, None);
        await upload.Content.WriteAsync(content, None);

        var stored = await upload.CommitAsync(None);

        Assert.Null(stored.ContentMd5);
        Assert.False(stored.Md5Computed);
        Assert.Equal(content, await ReadAllAsync("table/part-00000.parquet"));
        var listed = await Store.GetAsync("table/part-00000.parquet", None);
        Assert.Equal(70000, listed!.Size);
        Assert.Null(listed.ContentMd5);
    }

    [Fact]
    public async Task Disposing_an_upload_without_commit_leaves_nothing()
    {
        await using (var upload = await Store.StartUploadAsync("abandoned/file.bin", None))
        {
            await upload.Content.WriteAsync(Bytes(3000, seed: 3), None);
        }

        Assert.Null(await Store.GetAsync("abandoned/file.bin", None));
        Assert.Empty(await ListAsync(""));
    }

    [Fact]
    public async Task A_writer_that_disposes_the_content_stream_does_not_lose_the_upload()
    {
        await using var upload = await Store.StartUploadAsync("text.csv", None);
        await using (var writer = new StreamWriter(upload.Content, new UTF8Encoding(false)))
        {
            await writer.WriteAsync("a,b\n1,2\n");
        }

        await upload.CommitAsync(None);

        Assert.Equal("a,b\n1,2\n", Encoding.UTF8.GetString(await ReadAllAsync("text.csv")));
    }

    [Fact]
    public async Task Synchronous_writes_are_stored_like_asynchronous_ones()
    {
        var content = Bytes(7000, seed: 4);
        await using var upload = await Store.StartUploadAsync("sync.bin", None);
        for (var offset = 0; offset < content.Length; offset += 999)
        {
            upload.Content.Write(content, offset, Math.Min(999, content.Length - offset));
        }

        upload.Content.Flush();
        await upload.CommitAsync(None);

        Assert.Equal(content, await ReadAllAsync("sync.bin"));
    }

    [Fact]
    public async Task An_empty_upload_stores_an_empty_object()
    {
        await using var upload = await Store.StartUploadAsync(".DONE", None);
        var stored = await upload.CommitAsync(None);

        Assert.Equal(0, stored.Size);
        Assert.Equal(0, (await Store.GetAsync(".DONE", None))!.Size);
        Assert.Equal(MD5.HashData(Array.Empty<byte>()), stored.ContentMd5);
    }

    [Fact]
    public async Task A_committed_upload_replaces_the_existing_object()
    {
        await PutAsync("manifest.json", Encoding.UTF8.GetBytes("old content, longer"));
        await PutAsync("manifest.json", Encoding.UTF8.GetBytes("new"));

        Assert.Equal("new", Encoding.UTF8.GetString(await ReadAllAsync("manifest.json")));
    }

    [Fact]
    public async Task Put_if_absent_writes_once_and_then_refuses()
    {
        Assert.True(await Store.PutIfAbsentAsync("_delta_log/00000000000000000000.json", Encoding.UTF8.GetBytes("first"), None));
        Assert.False(await Store.PutIfAbsentAsync("_delta_log/00000000000000000000.json", Encoding.UTF8.GetBytes("second"), None));

        Assert.Equal("first", Encoding.UTF8.GetString(await ReadAllAsync("_delta_log/00000000000000000000.json")));
        Assert.Single(await ListAsync("_delta_log/"));
    }

    [Fact]
    public async Task Of_concurrent_put_if_absent_writers_exactly_one_wins()
    {
        var (writers, rounds) = Race;
        for (var round = 0; round < rounds; round++)
        {
            var path = $"_delta_log/{round:D20}.json";
            using var start = new ManualResetEventSlim();
            var attempts = Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
            {
                start.Wait();
                var content = Encoding.UTF8.GetBytes($"writer {writer} " + new string('x', 2000 + writer));
                return (Won: await Store.PutIfAbsentAsync(path, content, None), Content: content);
            })).ToArray();
            start.Set();
            var results = await Task.WhenAll(attempts);

            var winners = results.Where(r => r.Won).ToList();
            Assert.Single(winners);
            Assert.Equal(winners[0].Content, await ReadAllAsync(path));
        }

        Assert.Equal(rounds, (await ListAsync("")).Count);
    }

    [Fact]
    public async Task Listing_returns_relative_paths_in_ordinal_order_filtered_by_prefix()
    {
        foreach (var path in new[] { "b/2.txt", "a/2.txt", "a/10.txt", "a/1.txt", ".DONE", "ab.txt", "a/deep/x.txt" })
        {
            await PutAsync(path, Encoding.UTF8.GetBytes(path));
        }

        Assert.Equal(
            [".DONE", "a/1.txt", "a/10.txt", "a/2.txt", "a/deep/x.txt", "ab.txt", "b/2.txt"],
            (await ListAsync("")).Select(o => o.Path));
        Assert.Equal(["a/1.txt", "a/10.txt", "a/2.txt", "a/deep/x.txt"], (await ListAsync("a/")).Select(o => o.Path));
        Assert.Equal(["a/1.txt", "a/10.txt", "a/2.txt", "a/deep/x.txt", "ab.txt"], (await ListAsync("a")).Select(o => o.Path));
        Assert.Equal(["a/1.txt", "a/10.txt"], (await ListAsync("a/1")).Select(o => o.Path));
        Assert.Empty(await ListAsync("missing/"));
        Assert.Equal("a/10.txt".Length, (await ListAsync("a/10")).Single().Size);
    }

    [Fact]
    public async Task A_range_read_returns_the_requested_bytes_and_stops_at_the_end()
    {
        var content = Bytes(1000, seed: 5);
        await PutAsync("footer.parquet", content);

        Assert.Equal(content[100..150], (await Store.ReadRangeAsync("footer.parquet", 100, 50, None)).ToArray());
        Assert.Equal(content[990..], (await Store.ReadRangeAsync("footer.parquet", 990, 20, None)).ToArray());
        Assert.Equal(0, (await Store.ReadRangeAsync("footer.parquet", 1000, 8, None)).Length);
        Assert.Equal(0, (await Store.ReadRangeAsync("footer.parquet", 10, 0, None)).Length);
    }

    [Fact]
    public async Task A_missing_object_is_not_found_for_reads_and_absent_for_get_and_delete()
    {
        Assert.Null(await Store.GetAsync("nope.bin", None));
        Assert.Equal(StorageErrorKind.NotFound, (await Assert.ThrowsAsync<StorageException>(() => Store.OpenReadAsync("nope.bin", None))).Kind);
        Assert.Equal(StorageErrorKind.NotFound, (await Assert.ThrowsAsync<StorageException>(() => Store.ReadRangeAsync("nope.bin", 0, 4, None))).Kind);
        Assert.Equal(StorageErrorKind.NotFound, (await Assert.ThrowsAsync<StorageException>(() => Store.ReadRangeAsync("dir/nope.bin", 0, 0, None))).Kind);
        await Store.DeleteAsync("nope.bin", None);
        await Store.DeleteAsync("missing-folder/nope.bin", None);
    }

    [Fact]
    public async Task Delete_removes_the_object()
    {
        await PutAsync("gone.bin", Bytes(10, seed: 6));
        await Store.DeleteAsync("gone.bin", None);

        Assert.Null(await Store.GetAsync("gone.bin", None));
        Assert.Empty(await ListAsync(""));
    }

    [Fact]
    public async Task Copy_within_a_store_duplicates_the_content()
    {
        var content = Bytes(4321, seed: 7);
        await PutAsync("src/a.bin", content);

        var copied = await Store.CopyFromAsync(Store, "src/a.bin", "dst/a.bin", None);

        Assert.Equal(4321, copied.Size);
        Assert.Equal(content, await ReadAllAsync("dst/a.bin"));
        Assert.Equal(content, await ReadAllAsync("src/a.bin"));
    }

    [Fact]
    public async Task Copying_a_missing_object_is_not_found()
    {
        var error = await Assert.ThrowsAsync<StorageException>(() => Store.CopyFromAsync(Store, "absent.bin", "dst.bin", None));

        Assert.Equal(StorageErrorKind.NotFound, error.Kind);
        Assert.Null(await Store.GetAsync("dst.bin", None));
    }

    [Fact]
    public async Task A_sub_store_reads_and_writes_under_its_folder()
    {
        var sub = Store.Sub("exports/e1");
        Assert.True(await sub.PutIfAbsentAsync("manifest.json", Encoding.UTF8.GetBytes("{}"), None));

        Assert.Equal(["exports/e1/manifest.json"], (await ListAsync("")).Select(o => o.Path));
        Assert.Equal(["manifest.json"], (await ToListAsync(sub.ListAsync("", None))).Select(o => o.Path));
        Assert.Equal(Store.Root.Combine("exports/e1"), sub.Root);
        Assert.Equal(sub.Root, Store.Sub("exports/e1/").Root);
        Assert.Equal(StorageErrorKind.InvalidLocation, Assert.Throws<StorageException>(() => Store.Sub("../outside")).Kind);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("/absolute.txt")]
    [InlineData("a\\b.txt")]
    [InlineData("a//b.txt")]
    [InlineData("./a.txt")]
    [InlineData("")]
    public async Task Paths_that_could_escape_the_root_or_are_malformed_are_rejected(string path)
    {
        var error = await Assert.ThrowsAsync<StorageException>(() => Store.PutIfAbsentAsync(path, new byte[] { 1 }, None));

        Assert.Equal(StorageErrorKind.InvalidLocation, error.Kind);
        Assert.Equal(StorageErrorKind.InvalidLocation, (await Assert.ThrowsAsync<StorageException>(() => Store.StartUploadAsync(path, None))).Kind);
        Assert.Equal(StorageErrorKind.InvalidLocation, (await Assert.ThrowsAsync<StorageException>(() => Store.OpenReadAsync(path, None))).Kind);
    }

    protected static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected async Task PutAsync(string path, byte[] content)
    {
        await using var upload = await Store.StartUploadAsync(path, None);
        await upload.Content.WriteAsync(content, None);
        await upload.CommitAsync(None);
    }

    protected async Task<byte[]> ReadAllAsync(string path)
    {
        await using var stream = await Store.OpenReadAsync(path, None);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, None);
        return buffer.ToArray();
    }

    protected Task<List<StoredObject>> ListAsync(string prefix) => ToListAsync(Store.ListAsync(prefix, None));

    protected static async Task<List<StoredObject>> ToListAsync(IAsyncEnumerable<StoredObject> items)
    {
        var list = new List<StoredObject>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
