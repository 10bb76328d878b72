using System.Text.Json.Nodes;

namespace Handoff.Tests.Fixtures.FakeDatabricks;

/// <summary>SCIM <c>GET /api/2.0/preview/scim/v2/Me</c>: the caller's user, with the camelCase SCIM fields.</summary>
public sealed class FakeIdentity
{
    public string UserName { get; set; } = "someone@example.com";

    internal FakeReply Me() => FakeReply.Json(new JsonObject
    {
        ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User"),
        ["id"] = "4711",
        ["userName"] = UserName,
        ["displayName"] = "Some One",
        ["active"] = true,
    });
}
