using System.Text.Json.Serialization;
using Handoff.Shared.Databricks.Http;

namespace Handoff.Shared.Databricks.Identity;

/// <summary>
/// Who the credential is: <c>GET /api/2.0/preview/scim/v2/Me</c>, whose <c>userName</c> names the
/// user's home folder <c>/Workspace/Users/&lt;userName&gt;</c> (a service principal's is its
/// application id), as the Databricks CLI expands <c>~</c> in workspace paths.
/// </summary>
public sealed class CurrentUserClient
{
    public const string MePath = "/api/2.0/preview/scim/v2/Me";
    private readonly DatabricksPipeline _pipeline;

    internal CurrentUserClient(DatabricksPipeline pipeline) => _pipeline = pipeline;

    public async Task<CurrentUser> MeAsync(CancellationToken cancellationToken)
    {
        using var response = await _pipeline.SendAsync(new DatabricksRequest(HttpMethod.Get, MePath, "scim/v2/Me") { Idempotent = true }, cancellationToken);
        var me = response.ReadJson<CurrentUser>();
        return string.IsNullOrWhiteSpace(me.UserName)
            ? throw new Errors.DatabricksRequestException("scim/v2/Me", (int)response.Status, "MALFORMED_RESPONSE", string.Empty, "scim/v2/Me: the answer has no userName, so the home folder is unknown")
            : me;
    }
}

/// <summary>The SCIM user; SCIM names its fields in camelCase.</summary>
public sealed record CurrentUser
{
    [JsonPropertyName("userName")]
    public string? UserName { get; init; }

    [JsonPropertyName("displayName")]
    public string? DisplayName { get; init; }

    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>/Workspace/Users/&lt;userName&gt;.</summary>
    [JsonIgnore]
    public string HomeFolder => $"/Workspace/Users/{UserName}";
}
