using System.Text;
using Handoff.Shared.Databricks;
using Handoff.Shared.Databricks.Errors;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>The Files API on volumes and the workspace-import fallback.</summary>
public sealed class FilesClientTests : IAsyncLifetime
{
    private const string Volume = FakeFiles.DefaultVolume;
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
    }

    [Fact]
    public async Task Upload_head_download_and_list()
    {
        var content = Encoding.UTF8.GetBytes("hello volume");
        await _client.Files.CreateDirectoryAsync($"{Volume}/a dir", CancellationToken.None);
        await _client.Files.UploadAsync($"{Volume}/a dir/file #1.txt", () => new MemoryStream(content), content.Length, overwrite: true, CancellationToken.None);

        var metadata = await _client.Files.GetMetadataAsync($"{Volume}/a dir/file #1.txt", CancellationToken.None);
        var missing = await _client.Files.GetMetadataAsync($"{Volume}/a dir/nope.txt", CancellationToken.None);
        await using var download = await _client.Files.DownloadAsync($"{Volume}/a dir/file #1.txt", CancellationToken.None);
        using var reader = new StreamReader(download);
        var listed = new List<string>();
        await foreach (var entry in _client.Files.ListDirectoryAsync($"{Volume}/a dir", CancellationToken.None))
        {
            listed.Add($"{entry.Name}:{entry.IsDirectory}:{entry.FileSize}");
        }

        Assert.Equal(content.Length, metadata!.ContentLength);
        Assert.Null(missing);
        Assert.Equal("hello volume", await reader.ReadToEndAsync());
        Assert.Equal(["file #1.txt:False:12"], listed);
        Assert.Contains(_fake.Requests, r => r.Method == "PUT" && r.Path == $"/api/2.0/fs/files{Volume}/a dir/file #1.txt" && r.Query == "?overwrite=true");
        Assert.Contains(_fake.Requests, r => r.Method == "PUT" && r.ContentType == "application/octet-stream");
    }

    [Fact]
    public async Task Directory_listing_follows_pages()
    {
        _fake.Files.ListPageSize = 7;
        for (var i = 0; i < 20; i++)
        {
            _fake.Files.Put($"{Volume}/many/f{i:00}", [1]);
        }

        var names = new List<string>();
        await foreach (var entry in _client.Files.ListDirectoryAsync($"{Volume}/many", CancellationToken.None))
        {
            names.Add(entry.Name!);
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"f{i:00}"), names);
        Assert.Equal(3, _fake.RequestsTo($"GET /api/2.0/fs/directories{Volume}/many").Count);
    }

    [Fact]
    public async Task An_overwriting_upload_is_retried_from_the_start_after_a_reset()
    {
        _fake.Faults.Add("PUT", "/api/2.0/fs/files", new FakeFault.ResetConnection());
        var content = Encoding.UTF8.GetBytes("retried content");

        await _client.Files.UploadAsync($"{Volume}/r.bin", () => new MemoryStream(content), content.Length, overwrite: true, CancellationToken.None);

        Assert.Equal(content, _fake.Files.Contents[$"{Volume}/r.bin"]);
        Assert.Equal(2, _fake.RequestsTo($"PUT /api/2.0/fs/files{Volume}/r.bin").Count);
    }

    [Fact]
    public async Task A_missing_volume_is_a_not_found_error()
    {
        var error = await Assert.ThrowsAsync<DatabricksRequestException>(() =>
            _client.Files.UploadAsync("/Volumes/nope/x/y/f", () => new MemoryStream([1]), 1, overwrite: true, CancellationToken.None));

        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task Workspace_files_go_through_import_file_with_the_raw_body_and_get_status_finds_them()
    {
        var content = Encoding.UTF8.GetBytes("print('hi')\n");
        await _client.Workspace.MkdirsAsync("/Users/me/handoff", CancellationToken.None);
        await _client.Workspace.ImportFileAsync("/Users/me/handoff/l.py", () => new MemoryStream(content), content.Length, overwrite: true, CancellationToken.None);

        var found = await _client.Workspace.GetStatusAsync("/Users/me/handoff/l.py", CancellationToken.None);
        var missing = await _client.Workspace.GetStatusAsync("/Users/me/handoff/none.py", CancellationToken.None);

        Assert.Equal("FILE", found!.ObjectType);
        Assert.Null(missing);
        Assert.Equal(content, _fake.WorkspaceFiles.Contents["/Users/me/handoff/l.py"]);
        var import = _fake.RequestsTo("POST /api/2.0/workspace-files/import-file/*").Single();
        Assert.Equal(content, import.Body);
        Assert.Equal("?overwrite=true", import.Query);
        Assert.Empty(_fake.RequestsTo("POST /api/2.0/workspace/import"));
    }

    [Fact]
    public async Task Import_file_into_a_missing_folder_is_a_404_and_an_existing_file_without_overwrite_a_409()
    {
        var content = Encoding.UTF8.GetBytes("x");
        var missing = await Assert.ThrowsAsync<DatabricksRequestException>(() =>
            _client.Workspace.ImportFileAsync("/Users/me/nowhere/l.py", () => new MemoryStream(content), content.Length, overwrite: true, CancellationToken.None));
        await _client.Workspace.MkdirsAsync("/Users/me/here", CancellationToken.None);
        await _client.Workspace.ImportFileAsync("/Users/me/here/l.py", () => new MemoryStream(content), content.Length, overwrite: false, CancellationToken.None);
        var exists = await Assert.ThrowsAsync<DatabricksRequestException>(() =>
            _client.Workspace.ImportFileAsync("/Users/me/here/l.py", () => new MemoryStream(content), content.Length, overwrite: false, CancellationToken.None));

        Assert.Equal(404, missing.Status);
        Assert.Equal(409, exists.Status);
    }
}
