using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Handoff.Exporter.Databricks.Bundle;
using Handoff.Shared.Databricks;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>The job bundle: a compressed binary and the launcher in a content-hashed folder, uploaded once, marker last, to a volume or workspace files.</summary>
public sealed class BundleTests : IAsyncLifetime
{
    private const string Root = FakeFiles.DefaultVolume + "/bundles";
    private readonly TempFolder _temp = new();
    private readonly FakeClock _clock = new();
    private FakeWorkspace _fake = null!;
    private DatabricksClient _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeWorkspace.StartAsync();
        _client = ClientFactory.For(_fake, _clock);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task The_hash_depends_on_what_runs_only()
    {
        var a = await BuildAsync("one", "a");
        var b = await BuildAsync("one", "b");
        var c = await BuildAsync("two", "c");

        Assert.Equal(a.Hash, b.Hash);
        Assert.NotEqual(a.Hash, c.Hash);
        Assert.Matches("^[0-9a-f]{16}$", a.Hash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("one"u8)), a.BinarySha256);
    }

    [Fact]
    public async Task The_archive_is_a_deterministic_tar_gz_holding_only_the_executable_binary()
    {
        var content = RandomBinary(300_000);
        var first = await BuildAsync(content, "first");
        var second = await BuildAsync(content, "second");

        var bytes = await ReadAsync(first.Archive);
        Assert.Equal(bytes, await ReadAsync(second.Archive));
        Assert.True(first.Archive.Size < content.Length / 2, $"{first.Archive.Size} bytes for a {content.Length}-byte binary that compresses well");
        await using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        var entry = await tar.GetNextEntryAsync(copyData: true);
        Assert.NotNull(entry);
        Assert.Equal("spark-job", entry.Name);
        Assert.Equal(TarEntryType.RegularFile, entry.EntryType);
        Assert.True(entry.Mode.HasFlag(UnixFileMode.UserExecute) && entry.Mode.HasFlag(UnixFileMode.OtherExecute), entry.Mode.ToString());
        using var unpacked = new MemoryStream();
        await entry.DataStream!.CopyToAsync(unpacked);
        Assert.Equal(content, unpacked.ToArray());
        Assert.Null(await tar.GetNextEntryAsync());
    }

    [Fact]
    public async Task An_unchanged_binary_is_compressed_once()
    {
        var log = new StringWriter();
        var archives = _temp.Combine("archives");
        await BundleBuilder.BuildAsync(new FakePublisher(_temp.Combine("p1"), "same binary"), log, CancellationToken.None, archives);
        await BundleBuilder.BuildAsync(new FakePublisher(_temp.Combine("p2"), "same binary"), log, CancellationToken.None, archives);

        Assert.Single(Directory.GetFiles(archives));
        Assert.Single(log.ToString().Split('\n'), line => line.StartsWith("compressing spark-job", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_bundle_holds_the_archive_and_the_launcher_from_the_repository()
    {
        var bundle = await BuildAsync("bin", "x");

        Assert.Equal(["spark-job.tar.gz", "handoff_launcher.py"], bundle.Files.Select(f => f.Name));
        var launcher = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Root, "spark-job", "launcher", "handoff_launcher.py"));
        Assert.Equal(launcher, await ReadAsync(bundle.Launcher));
    }

    [Fact]
    public async Task First_upload_puts_the_files_then_the_marker_and_the_second_uploads_nothing()
    {
        var bundle = await BuildAsync("binary v1", "p");
        var remote = bundle.At(BundleLocation.Parse(Root, "test"));

        var first = await new BundleUploader(_client).UploadAsync(bundle, remote, TextWriter.Null, CancellationToken.None);
        var puts = _fake.RequestsTo("PUT /api/2.0/fs/files*").Select(r => r.Path).ToList();
        var second = await new BundleUploader(_client).UploadAsync(bundle, remote, TextWriter.Null, CancellationToken.None);

        Assert.False(first.Skipped);
        Assert.True(second.Skipped);
        Assert.Equal(
            [$"/api/2.0/fs/files{Root}/{bundle.Hash}/spark-job.tar.gz", $"/api/2.0/fs/files{Root}/{bundle.Hash}/handoff_launcher.py", $"/api/2.0/fs/files{Root}/{bundle.Hash}/bundle.json"],
            puts);
        Assert.Equal(3, _fake.RequestsTo("PUT /api/2.0/fs/files*").Count);
        Assert.Equal(await ReadAsync(bundle.Archive), _fake.Files.Contents[$"{Root}/{bundle.Hash}/spark-job.tar.gz"]);
        Assert.Contains($"\"sha256\":\"{bundle.BinarySha256}\"", System.Text.Encoding.UTF8.GetString(_fake.Files.Contents[$"{Root}/{bundle.Hash}/bundle.json"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_reports_its_progress_up_to_the_whole_file()
    {
        var bundle = await BuildAsync(RandomBinary(2_000_000, compressible: false), "big");
        var reports = new List<(string Name, long Bytes)>();

        await new BundleUploader(_client).UploadAsync(
            bundle, bundle.At(BundleLocation.Parse(Root, "test")), TextWriter.Null, CancellationToken.None, file => new Recorder(file.Name, reports));

        var archive = reports.Where(r => r.Name == "spark-job.tar.gz").Select(r => r.Bytes).ToList();
        Assert.True(archive.Count > 1, $"{archive.Count} progress reports");
        Assert.Equal(archive.Order(), archive);
        Assert.Equal(bundle.Archive.Size, archive[^1]);
    }

    [Fact]
    public async Task A_folder_without_its_marker_is_uploaded_again()
    {
        var bundle = await BuildAsync("binary", "p");
        _fake.Files.Put($"{Root}/{bundle.Hash}/spark-job.tar.gz", "half"u8.ToArray());

        var result = await new BundleUploader(_client).UploadAsync(bundle, bundle.At(BundleLocation.Parse(Root, "test")), TextWriter.Null, CancellationToken.None);

        Assert.False(result.Skipped);
        Assert.Equal(await ReadAsync(bundle.Archive), _fake.Files.Contents[$"{Root}/{bundle.Hash}/spark-job.tar.gz"]);
    }

    [Fact]
    public async Task A_changed_binary_goes_to_a_new_folder()
    {
        var v1 = await BuildAsync("v1", "p1");
        var v2 = await BuildAsync("v2", "p2");
        var location = BundleLocation.Parse(Root, "test");

        await new BundleUploader(_client).UploadAsync(v1, v1.At(location), TextWriter.Null, CancellationToken.None);
        var second = await new BundleUploader(_client).UploadAsync(v2, v2.At(location), TextWriter.Null, CancellationToken.None);

        Assert.False(second.Skipped);
        Assert.Contains($"{Root}/{v1.Hash}/bundle.json", _fake.Files.Contents.Keys);
        Assert.Contains($"{Root}/{v2.Hash}/bundle.json", _fake.Files.Contents.Keys);
    }

    [Fact]
    public async Task Workspace_folders_get_workspace_files_through_import_file()
    {
        var bundle = await BuildAsync("bin", "w");
        var location = BundleLocation.Parse("/Workspace/Users/me@example.com/handoff", "test");
        var remote = bundle.At(location);

        await new BundleUploader(_client).UploadAsync(bundle, remote, TextWriter.Null, CancellationToken.None);
        var again = await new BundleUploader(_client).UploadAsync(bundle, remote, TextWriter.Null, CancellationToken.None);

        Assert.True(again.Skipped);
        Assert.Equal(BundleStoreKind.Workspace, location.Kind);
        Assert.Equal(3, _fake.RequestsTo("POST /api/2.0/workspace-files/import-file/*").Count);
        Assert.Empty(_fake.RequestsTo("POST /api/2.0/workspace/import"));
        Assert.Contains($"/Users/me@example.com/handoff/{bundle.Hash}/spark-job.tar.gz", _fake.WorkspaceFiles.Contents.Keys);
        Assert.Equal($"/Users/me@example.com/handoff/{bundle.Hash}/handoff_launcher.py", remote.PythonFile);
        Assert.Equal("WORKSPACE", remote.PythonSource);
        Assert.Equal($"/Workspace/Users/me@example.com/handoff/{bundle.Hash}/spark-job.tar.gz", remote.RuntimePath("spark-job.tar.gz"));
    }

    [Fact]
    public async Task A_workspace_files_refusal_points_to_volumes()
    {
        var bundle = await BuildAsync("bin", "w");
        _fake.Faults.Add("POST", "/api/2.0/workspace-files/import-file/", new FakeFault.ApiError(400, "MAX_NOTEBOOK_SIZE_EXCEEDED", "File size imported is too large."));

        var error = await Assert.ThrowsAsync<BundleException>(() =>
            new BundleUploader(_client).UploadAsync(bundle, bundle.At(BundleLocation.ForUser("me@example.com")), TextWriter.Null, CancellationToken.None));

        Assert.Contains("File size imported is too large.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Unity Catalog volume", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_location_is_the_users_own_workspace_folder()
    {
        var location = BundleLocation.ForUser("me@example.com");

        Assert.Equal(BundleStoreKind.Workspace, location.Kind);
        Assert.Equal("/Users/me@example.com/.handoff/bundles", location.ApiRoot);
        Assert.Equal("/Workspace/Users/me@example.com/.handoff/bundles", location.RuntimeRoot);
    }

    [Theory]
    [InlineData("/Volumes/main/default")]
    [InlineData("/tmp/bundles")]
    [InlineData("dbfs:/FileStore/handoff")]
    [InlineData("/Volumes/main/default/v/../x")]
    public void Bundle_paths_outside_volumes_and_workspace_folders_are_refused_naming_where_they_came_from(string path)
    {
        var error = Assert.Throws<BundleException>(() => BundleLocation.Parse(path, "HANDOFF_BUNDLE_PATH"));

        Assert.StartsWith($"HANDOFF_BUNDLE_PATH '{path}'", error.Message, StringComparison.Ordinal);
    }

    private static byte[] RandomBinary(int size, bool compressible = true)
    {
        var random = new Random(42);
        var bytes = new byte[size];
        random.NextBytes(bytes);
        if (compressible)
        {
            // Like an executable: long runs of repeated and zero bytes between varied ones.
            for (var i = 0; i < size; i++)
            {
                bytes[i] = i % 8 == 0 ? bytes[i] : (byte)0;
            }
        }

        return bytes;
    }

    private static async Task<byte[]> ReadAsync(BundleFile file)
    {
        await using var stream = file.Open();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private Task<LocalBundle> BuildAsync(string content, string folder) =>
        BundleBuilder.BuildAsync(new FakePublisher(_temp.Combine(folder), content), TextWriter.Null, CancellationToken.None, _temp.Combine(folder, "archives"));

    private async Task<LocalBundle> BuildAsync(byte[] content, string folder)
    {
        var publisher = new FakePublisher(_temp.Combine(folder)) { Bytes = content };
        return await BundleBuilder.BuildAsync(publisher, TextWriter.Null, CancellationToken.None, _temp.Combine(folder, "archives"));
    }

    private sealed class Recorder(string name, List<(string Name, long Bytes)> into) : IProgress<long>
    {
        public void Report(long value)
        {
            lock (into)
            {
                into.Add((name, value));
            }
        }
    }
}
