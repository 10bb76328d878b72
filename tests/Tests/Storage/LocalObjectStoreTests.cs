using System.Security.Cryptography;
using System.Text;
using Handoff.Shared.Storage;
using Xunit;

namespace Handoff.Tests.Storage;

public sealed class LocalObjectStoreTests : ObjectStoreContractTests, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("local-store-");
    private readonly LocalObjectStore _store;

    public LocalObjectStoreTests()
    {
        _store = new LocalObjectStore(_root.FullName);
    }

    protected override IObjectStore Store => _store;

    protected override (int Writers, int Rounds) Race => (8, 600);

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task An_upload_in_progress_is_a_hidden_temp_file_that_listings_skip_and_abort_removes()
    {
        await using (var upload = await Store.StartUploadAsync("part.bin", None))
        {
            await upload.Content.WriteAsync(Bytes(100_000, seed: 8), None);
            await upload.Content.FlushAsync(None);

            var onDisk = Directory.GetFiles(_root.FullName).Select(Path.GetFileName).ToList();
            Assert.Single(onDisk);
            Assert.StartsWith(".part.bin.", onDisk[0], StringComparison.Ordinal);
            Assert.Empty(await ListAsync(""));
        }

        Assert.Empty(Directory.GetFiles(_root.FullName, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Bytes_written_in_any_mix_of_sizes_and_calls_arrive_in_order_with_their_md5()
    {
        // The file is written in 1 MB blocks by a background task: cross block edges with
        // synchronous writes (as Apache.Avro does), async writes, single bytes and 3 MB at once.
        var content = Bytes(7_654_321, seed: 12);
        int[] sizes = [1, 1_048_575, 1, 3_000_000, 17, 65_536, 1_048_576];
        await using (var upload = await Store.StartUploadAsync("big.bin", None))
        {
            var offset = 0;
            for (var i = 0; offset < content.Length; i++)
            {
                var take = Math.Min(sizes[i % sizes.Length], content.Length - offset);
                if (i % 2 == 0)
                {
                    upload.Content.Write(content, offset, take);
                }
                else
                {
                    await upload.Content.WriteAsync(content.AsMemory(offset, take), None);
                }

                offset += take;
            }

            var stored = await upload.CommitAsync(None);
            Assert.Equal(content.Length, stored.Size);
            Assert.Equal(MD5.HashData(content), stored.ContentMd5);
        }

        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(_root.FullName, "big.bin")));
    }

    [Fact]
    public async Task An_abandoned_upload_with_blocks_still_queued_stops_and_leaves_nothing()
    {
        await using (var upload = await Store.StartUploadAsync("abandoned.bin", None))
        {
            await upload.Content.WriteAsync(Bytes(9_000_000, seed: 13), None);
        }

        Assert.Empty(Directory.GetFiles(_root.FullName, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_losing_put_if_absent_leaves_no_temp_file()
    {
        Assert.True(await Store.PutIfAbsentAsync("log/0.json", Encoding.UTF8.GetBytes("a"), None));
        Assert.False(await Store.PutIfAbsentAsync("log/0.json", Encoding.UTF8.GetBytes("b"), None));

        Assert.Equal(["0.json"], Directory.GetFiles(Path.Combine(_root.FullName, "log")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_uploaded_file_reports_its_md5_until_someone_changes_it()
    {
        var content = Bytes(100_000, seed: 9);
        await using (var upload = await Store.StartUploadAsync("x.bin", None))
        {
            await upload.Content.WriteAsync(content);
            await upload.CommitAsync(None);
        }

        Assert.Equal(MD5.HashData(content), (await Store.GetAsync("x.bin", None))!.ContentMd5);

        var path = Path.Combine(_root.FullName, "x.bin");
        await using (var edit = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            edit.Position = 10;
            edit.WriteByte(0xAB);
        }

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        Assert.Null((await Store.GetAsync("x.bin", None))!.ContentMd5);
    }

    [Fact]
    public async Task An_in_place_edit_whose_mtime_is_set_back_drops_the_stored_md5()
    {
        var content = Bytes(100_000, seed: 19);
        await using (var upload = await Store.StartUploadAsync("x.bin", None))
        {
            await upload.Content.WriteAsync(content);
            await upload.CommitAsync(None);
        }

        var path = Path.Combine(_root.FullName, "x.bin");
        var mtime = File.GetLastWriteTimeUtc(path);
        await using (var edit = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            edit.Position = 100;
            await edit.WriteAsync(new byte[8]);
        }

        File.SetLastWriteTimeUtc(path, mtime);

        // Same size, same mtime: only the ctime (which no user call sets back) tells the edit.
        Assert.Equal(content.Length, new FileInfo(path).Length);
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(path));
        Assert.Null((await Store.GetAsync("x.bin", None))!.ContentMd5);
        var recomputed = await Store.ComputeMd5Async("x.bin", None);
        Assert.NotEqual(MD5.HashData(content), recomputed);
        Assert.Equal(recomputed, (await Store.GetAsync("x.bin", None))!.ContentMd5);
    }

    [Fact]
    public async Task Another_file_put_in_place_under_the_same_name_does_not_inherit_the_stored_md5()
    {
        var content = Bytes(50_000, seed: 21);
        await using (var upload = await Store.StartUploadAsync("y.bin", None))
        {
            await upload.Content.WriteAsync(content);
            await upload.CommitAsync(None);
        }

        var path = Path.Combine(_root.FullName, "y.bin");
        var other = Path.Combine(_root.FullName, "other.bin");
        var forged = content.ToArray();
        forged[0] ^= 0xFF;
        await File.WriteAllBytesAsync(other, forged);
        File.SetLastWriteTimeUtc(other, File.GetLastWriteTimeUtc(path));
        File.Move(other, path, overwrite: true);

        Assert.Null((await Store.GetAsync("y.bin", None))!.ContentMd5);
    }

    [Fact]
    public async Task A_local_copy_reports_the_md5_of_the_bytes_it_links()
    {
        var content = Bytes(70_000, seed: 23);
        await File.WriteAllBytesAsync(Path.Combine(_root.FullName, "src.bin"), content);

        var copied = await Store.CopyFromAsync(Store, "src.bin", "sub/dst.bin", None);

        Assert.True(copied.Md5Computed);
        Assert.Equal(MD5.HashData(content), copied.ContentMd5);
        Assert.Equal(MD5.HashData(content), (await Store.GetAsync("src.bin", None))!.ContentMd5);
    }

    [Fact]
    public async Task A_held_lock_keeps_others_out_and_is_gone_after_release()
    {
        var holder = LockHolder.ForThisProcess(DateTimeOffset.UtcNow);
        await using (var held = await Store.AcquireLockAsync("job/.lock", holder, None))
        {
            Assert.Null(held.TookOver);
            var second = await Assert.ThrowsAsync<ObjectLockedException>(() => Store.AcquireLockAsync("job/.lock", holder, None));
            Assert.Contains(".lock", second.Message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(_root.FullName, "job", ".lock")));
        await using var again = await Store.AcquireLockAsync("job/.lock", holder, None);
        Assert.Null(again.TookOver);
    }

    [Fact]
    public async Task A_lock_file_left_by_a_dead_holder_is_taken_over_at_once_naming_it()
    {
        var dead = new LockHolder(DateTimeOffset.UtcNow.AddMinutes(-3), "builder-7", 4242, null, "elsewhere");
        Directory.CreateDirectory(Path.Combine(_root.FullName, "job"));
        await File.WriteAllBytesAsync(Path.Combine(_root.FullName, "job", ".lock"), dead.ToJson());

        await using var taken = await Store.AcquireLockAsync("job/.lock", LockHolder.ForThisProcess(DateTimeOffset.UtcNow), None);

        Assert.Equal(dead, taken.TookOver?.Holder);
        await Assert.ThrowsAsync<ObjectLockedException>(() => Store.AcquireLockAsync("job/.lock", LockHolder.ForThisProcess(DateTimeOffset.UtcNow), None));
    }

    [Fact]
    public async Task A_failing_disk_read_surfaces_as_a_storage_error_naming_the_file()
    {
        await File.WriteAllBytesAsync(Path.Combine(_root.FullName, "r.bin"), Bytes(10, seed: 2));
        await using var stream = await Store.OpenReadAsync("r.bin", None);
        Assert.IsType<StorageReadStream>(stream);

        // A stream whose reads fail with EIO stands in for a disk gone away under the reader.
        var wrapped = new StorageReadStream(new FailingStream(), (ex, _) => ex is IOException ? new StorageException(StorageErrorKind.Other, "cannot read 'r.bin': gone", ex) : null);
        var error = await Assert.ThrowsAsync<StorageException>(async () => await wrapped.ReadExactlyAsync(new byte[4], None));
        Assert.Contains("r.bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_written_by_someone_else_reports_no_md5()
    {
        await File.WriteAllBytesAsync(Path.Combine(_root.FullName, "foreign.bin"), Bytes(10, seed: 3));

        Assert.Null((await Store.GetAsync("foreign.bin", None))!.ContentMd5);
    }

    [Fact]
    public async Task The_root_folder_is_created_on_demand_even_without_create_if_missing()
    {
        var root = Path.Combine(_root.FullName, "new", "root");
        var store = new LocalObjectStore(root);

        await store.EnsureContainerAsync(createIfMissing: false, None);

        Assert.True(Directory.Exists(root));
        Assert.Empty(await ToListAsync(new LocalObjectStore(Path.Combine(_root.FullName, "never-created")).ListAsync("", None)));
    }

    [Fact]
    public async Task A_root_that_is_a_file_is_reported_as_missing_container()
    {
        var file = Path.Combine(_root.FullName, "file-not-folder");
        await File.WriteAllTextAsync(file, "x");

        var error = await Assert.ThrowsAsync<StorageException>(() => new LocalObjectStore(file).EnsureContainerAsync(true, None));

        Assert.Equal(StorageErrorKind.ContainerNotFound, error.Kind);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_between_two_local_stores_writes_the_target_store()
    {
        var otherRoot = Path.Combine(_root.FullName, "other");
        var other = new LocalObjectStore(otherRoot);
        var content = Bytes(2048, seed: 10);
        await other.PutIfAbsentAsync("in/source.bin", content, None);

        var copied = await Store.CopyFromAsync(other, "in/source.bin", "out/copy.bin", None);

        Assert.Equal(2048, copied.Size);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(_root.FullName, "out", "copy.bin")));
    }

    [Fact]
    public async Task A_reader_keeps_its_content_while_the_object_is_replaced()
    {
        await PutAsync("table.bin", Encoding.UTF8.GetBytes("version one"));
        await using var reader = await Store.OpenReadAsync("table.bin", None);

        await PutAsync("table.bin", Encoding.UTF8.GetBytes("version two!"));

        using var text = new StreamReader(reader);
        Assert.Equal("version one", await text.ReadToEndAsync());
        Assert.Equal("version two!", Encoding.UTF8.GetString(await ReadAllAsync("table.bin")));
    }

    [Fact]
    public void Full_paths_stay_under_the_root()
    {
        Assert.Equal(Path.Combine(_root.FullName, "a", "b.txt"), _store.FullPathOf("a/b.txt"));
        Assert.Equal(new LocalLocation(_root.FullName), Store.Root);
    }

    private sealed class FailingStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("Input/output error"));
    }
}
