using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>The fake workspace refuses what the published sources say the service refuses, so our client cannot pass against a lenient fake.</summary>
public sealed class FakeWorkspaceStrictnessTests : IAsyncLifetime
{
    private FakeWorkspace _fake = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeWorkspace.StartAsync();
        _http = new HttpClient { BaseAddress = _fake.Host };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _fake.Token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/2.2/jobs/create", """{"name": "j", "permissions": []}""", "permissions")]
    [InlineData("/api/2.2/jobs/create", """{"name": "j", "tasks": [{"task_key": "t", "notebok_task": {}}]}""", "tasks[0].notebok_task")]
    [InlineData("/api/2.2/jobs/create", """{"name": "j", "job_clusters": [{"job_cluster_key": "c", "new_cluster": {"spark_version": "x", "num_worker": 2}}]}""", "job_clusters[0].new_cluster.num_worker")]
    [InlineData("/api/2.2/jobs/runs/submit", """{"run_name": "r", "tasks": [{"task_key": "t", "existing_cluster_id": "c", "spark_python_task": {"python_file": "/x.py"}, "max_concurrent_runs": 1}]}""", "tasks[0].max_concurrent_runs")]
    [InlineData("/api/2.2/jobs/reset", """{"job_id": 1, "new_settings": {"name": "j", "variables": {}}}""", "new_settings.variables")]
    public async Task A_field_the_jobs_api_does_not_define_is_a_400(string path, string body, string field)
    {
        using var answer = await _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var error = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("INVALID_PARAMETER_VALUE", error["error_code"]!.GetValue<string>());
        Assert.EndsWith($"unknown field: {field}", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_fake.Jobs.All);
        Assert.Empty(_fake.Runs.All);
    }

    [Fact]
    public async Task Workspace_import_refuses_more_than_10_MB_in_either_form()
    {
        var content = new byte[FakeWorkspaceFiles.ImportLimitBytes + 1];
        var json = new JsonObject { ["path"] = "/Users/me/big", ["format"] = "AUTO", ["content"] = Convert.ToBase64String(content) };
        using var asJson = await _http.PostAsync("/api/2.0/workspace/import", new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json"));
        using var form = new MultipartFormDataContent { { new StringContent("/Users/me/big"), "path" }, { new ByteArrayContent(content), "content", "big" } };
        using var asMultipart = await _http.PostAsync("/api/2.0/workspace/import", form);

        Assert.Equal(HttpStatusCode.BadRequest, asJson.StatusCode);
        Assert.Contains("MAX_NOTEBOOK_SIZE_EXCEEDED", await asJson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, asMultipart.StatusCode);
        Assert.Contains("MAX_NOTEBOOK_SIZE_EXCEEDED", await asMultipart.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_fake.WorkspaceFiles.Contents);
    }

    [Fact]
    public async Task A_missing_run_is_a_400_invalid_parameter_value()
    {
        using var answer = await _http.GetAsync("/api/2.2/jobs/runs/get?run_id=4242");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("""{"error_code":"INVALID_PARAMETER_VALUE","message":"Run 4242 does not exist."}""", await answer.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    public async Task Runs_list_takes_a_limit_above_0_and_below_25(int limit)
    {
        using var answer = await _http.GetAsync($"/api/2.2/jobs/runs/list?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }
}
