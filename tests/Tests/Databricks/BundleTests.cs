using System.Security.Cryptography;
using Handoff.Shared.Databricks;
using Handoff.Exporter.Databricks.Bundle;
using Handoff.Shared.Cli;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>The job bundle: content-hashed folder, upload skipped when present, marker last, volume or workspace files.</summary>
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
    public async Task The_hash_depends_on_the_content_only()
    {
        var a = await BuildAsync("one", "a");
        var b = await BuildAsync("one", "b");
        var c = await BuildAsync("two", "c");

        Assert.Equal(a.Hash, b.Hash);
        Assert.NotEqual(a.Hash, c.Hash);
        Assert.Matches("^[0-9a-f]{16}$", a.Hash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("one"u8)), a.Binary.Sha256);
    }

    [Fact]
    public async Task The_bundle_holds_the_binary_and_the_launcher_from_the_repository()
    {
        var bundle = await BuildAsync("bin", "x");

        Assert.Equal(["spark-job", "handoff_launcher.py"], bundle.Files.Select(f => f.Name));
        var launcher = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Root, "spark-job", "launcher", "handoff_launcher.py"));
        await using var embedded = bundle.Launcher.Open();
        using var copy = new MemoryStream();
        await embedded.CopyToAsync(copy);
        Assert.Equal(launcher, copy.ToArray());
    }

    [Fact]
    public async Task First_upload_puts_the_files_then_the_marker_and_the_second_uploads_nothing()
    {
        var bundle = await BuildAsync("binary v1", "p");
        var remote = BundleLocation.Parse(Root).For(bundle);

        var first = await new BundleUploader(_client).UploadAsync(bundle, remote, TextWriter.Null, CancellationToken.None);
        var puts = _fake.RequestsTo("PUT /api/2.0/fs/files*").Select(r => r.Path).ToList();
        var second = await new BundleUploader(_client).UploadAsync(bundle, remote, TextWriter.Null, CancellationToken.None);

        Assert.False(first.Skipped);
        Assert.True(second.Skipped);
        Assert.Equal(
            [$"/api/2.0/fs/files{Root}/{bundle.Hash}/spark-job", $"/api/2.0/fs/files{Root}/{bundle.Hash}/handoff_launcher.py", $"/api/2.0/fs/files{Root}/{bundle.Hash}/bundle.json"],
            puts);
        Assert.Equal(3, _fake.RequestsTo("PUT /api/2.0/fs/files*").Count);
        Assert.Equal("binary v1"u8.ToArray(), _fake.Files.Contents[$"{Root}/{bundle.Hash}/spark-job"]);
    }

    [Fact]
    public async Task A_folder_without_its_marker_is_uploaded_again()
    {
        var bundle = await BuildAsync("binary", "p");
        _fake.Files.Put($"{Root}/{bundle.Hash}/spark-job", "half"u8.ToArray());

        var result = await new BundleUploader(_client).UploadAsync(bundle, BundleLocation.Parse(Root).For(bundle), TextWriter.Null, CancellationToken.None);

        Assert.False(result.Skipped);
        Assert.Equal("binary"u8.ToArray(), _fake.Files.Contents[$"{Root}/{bundle.Hash}/spark-job"]);
    }

    [Fact]
    public async Task A_changed_binary_goes_to_a_new_folder()
    {
        var v1 = await BuildAsync("v1", "p1");
        var v2 = await BuildAsync("v2", "p2");
        var location = BundleLocation.Parse(Root);

        await new BundleUploader(_client).UploadAsync(v1, location.For(v1), TextWriter.Null, CancellationToken.None);
        var second = await new BundleUploader(_client).UploadAsync(v2, location.For(v2), TextWriter.Null, CancellationToken.None);

        Assert.False(second.Skipped);
        Assert.Contains($"{Root}/{v1.Hash}/bundle.json", _fake.Files.Contents.Keys);
        Assert.Contains($"{Root}/{v2.Hash}/bundle.json", _fake.Files.Contents.Keys);
    }

    [Fact]
    public async Task Workspaces_without_unity_catalog_get_workspace_files()
    {
        var bundle = await BuildAsync("bin", "w");
        var location = BundleLocation.Parse("/Workspace/Users/me@example.com/handoff");
        var remote = location.For(bundle);

        await new BundleUploader(_client).UploadAsync(bundle, remote, TextWriter.Null, CancellationToken.None);
        var again = await new BundleUploader(_client).UploadAsync(bundle, remote, TextWriter.Null, CancellationToken.None);

        Assert.True(again.Skipped);
        Assert.Equal(BundleStoreKind.Workspace, location.Kind);
        Assert.Contains($"/Users/me@example.com/handoff/{bundle.Hash}/spark-job", _fake.WorkspaceFiles.Contents.Keys);
        Assert.Equal($"/Users/me@example.com/handoff/{bundle.Hash}/handoff_launcher.py", remote.PythonFile);
        Assert.Equal("WORKSPACE", remote.PythonSource);
        Assert.Equal($"/Workspace/Users/me@example.com/handoff/{bundle.Hash}/spark-job", remote.RuntimePath("spark-job"));
    }

    [Theory]
    [InlineData("/Volumes/main/default")]
    [InlineData("/tmp/bundles")]
    [InlineData("dbfs:/FileStore/handoff")]
    [InlineData("/Volumes/main/default/v/../x")]
    public void Bundle_paths_outside_volumes_and_workspace_folders_are_refused(string path)
    {
        var error = Assert.Throws<UsageException>(() => BundleLocation.Parse(path));

        Assert.Contains("--bundle-path", error.Message, StringComparison.Ordinal);
    }

    private Task<LocalBundle> BuildAsync(string content, string folder) =>
        BundleBuilder.BuildAsync(new FakePublisher(_temp.Combine(folder), content), TextWriter.Null, CancellationToken.None);
}
