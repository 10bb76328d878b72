using Handoff.Shared.Databricks.Jobs.Fields;

namespace Handoff.Tests.Fixtures.FakeDatabricks;

/// <summary>
/// Refuses a request body with a field the Jobs API does not define, as the API does: 400
/// INVALID_PARAMETER_VALUE. The field lists are the SDK's models (<see cref="JobsApiFields"/>,
/// databricks/databricks-sdk-go v0.175.0, service/jobs/model.go). The message's wording follows
/// the API's "Invalid JSON given in the body of the request - …" (quoted in
/// databricks/databricks-cli#615); the field's path after it is ours.
/// </summary>
internal static class FakeBodyCheck
{
    public static FakeReply? Refuse(RecordedRequest request, string type)
    {
        if (request.JsonBody() is not { } body)
        {
            return FakeReply.BadRequest("Invalid JSON given in the body of the request - expected a map");
        }

        var unknown = JobsApiFields.UnknownFields(body, type);
        return unknown.Count == 0
            ? null
            : FakeReply.BadRequest($"Invalid JSON given in the body of the request - unknown field: {string.Join(", ", unknown)}");
    }
}
