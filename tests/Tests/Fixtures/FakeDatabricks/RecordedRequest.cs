using System.Text;
using System.Text.Json.Nodes;

namespace Handoff.Tests.Fixtures.FakeDatabricks;

/// <summary>One request as the fake workspace received it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? Authorization, string? ContentType, byte[] Body)
{
    /// <summary>Method and path, e.g. "POST /api/2.2/jobs/runs/submit".</summary>
    public string Endpoint => $"{Method} {Path}";

    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string Text => Encoding.UTF8.GetString(Body);

    public override string ToString() => $"{Endpoint}{Query}";
}
