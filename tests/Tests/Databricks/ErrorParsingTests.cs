using Handoff.Shared.Databricks;
using Handoff.Shared.Databricks.Errors;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>Error bodies in every shape the SDK reads (apierr/errors.go), reduced to a code and a message a person can act on.</summary>
public sealed class ErrorParsingTests : IAsyncLifetime
{
    private const string RunsList = "/api/2.2/jobs/runs/list";
    private FakeWorkspace _fake = null!;
    private DatabricksClient _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeWorkspace.StartAsync();
        _client = ClientFactory.For(_fake, new FakeClock(), maxRetries: 0);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task An_old_style_error_field_is_the_message()
    {
        var error = await FailWithAsync(400, "application/json", """{"error": "Invalid run_id: must be a number."}""");

        Assert.Equal("Invalid run_id: must be a number.", error.ApiMessage);
        Assert.Equal("INVALID_PARAMETER_VALUE", error.ErrorCode);
    }

    [Fact]
    public async Task A_coded_text_body_gives_code_and_message()
    {
        var error = await FailWithAsync(400, "text/plain", "INVALID_STATE: the workspace is being set up");

        Assert.Equal("INVALID_STATE", error.ErrorCode);
        Assert.Equal("the workspace is being set up", error.ApiMessage);
    }

    [Fact]
    public async Task An_html_page_is_reduced_to_its_pre_or_its_title()
    {
        var pre = await FailWithAsync(400, "text/html", "<html><body><h2>Error 400</h2><pre>Bad request: missing worker environment.</pre></body></html>");
        var title = await FailWithAsync(502, "text/html", "<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><h1>Bad Gateway</h1>" + new string('x', 5000) + "</body></html>");

        Assert.Equal("Bad request: missing worker environment", pre.ApiMessage);
        Assert.Equal("HTML page: 502 Bad Gateway", title.ApiMessage);
        Assert.Equal("BAD_GATEWAY", title.ErrorCode);
        Assert.True(title.Message.Length < 300, title.Message);
    }

    [Fact]
    public async Task Error_details_are_decoded_into_the_message()
    {
        var error = await FailWithAsync(400, "application/json", """
            {"error_code": "INVALID_PARAMETER_VALUE", "message": "Invalid job settings.",
             "details": [
               {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "INVALID_FIELD", "domain": "jobs.databricks.com", "metadata": {"field": "tasks"}},
               {"@type": "type.googleapis.com/google.rpc.RequestInfo", "request_id": "a1b2c3", "serving_data": ""},
               {"@type": "type.googleapis.com/google.rpc.BadRequest", "field_violations": [{"field": "tasks[0].task_key", "description": "must be set"}]}
             ]}
            """);

        Assert.Equal("INVALID_FIELD", error.ErrorDetails.Reason);
        Assert.Equal("jobs.databricks.com", error.ErrorDetails.Domain);
        Assert.Equal("tasks", error.ErrorDetails.Metadata["field"]);
        Assert.Equal("a1b2c3", error.ErrorDetails.RequestId);
        Assert.Equal([new FieldViolation("tasks[0].task_key", "must be set")], error.ErrorDetails.FieldViolations);
        Assert.Contains("Invalid job settings. (field tasks[0].task_key: must be set; reason INVALID_FIELD; request id a1b2c3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_body_gets_the_reason_phrase()
    {
        var error = await FailWithAsync(404, "text/plain", string.Empty);

        Assert.Equal("Not Found", error.ApiMessage);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
    }

    private async Task<DatabricksRequestException> FailWithAsync(int status, string contentType, string body)
    {
        _fake.Faults.Add("GET", RunsList, new FakeFault.Raw(status, contentType, body));
        return await Assert.ThrowsAsync<DatabricksRequestException>(async () =>
        {
            await foreach (var run in _client.Runs.ListAsync(null, CancellationToken.None))
            {
            }
        });
    }
}
