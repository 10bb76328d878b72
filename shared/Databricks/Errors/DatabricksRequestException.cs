using System.Text.Json.Nodes;

namespace Handoff.Shared.Databricks.Errors;

/// <summary>
/// A request that failed: the workspace answered with an error (<see cref="Status"/> is its HTTP
/// status), or no usable answer came back (<see cref="Status"/> is null: the host could not be
/// resolved or reached, or the connection failed after the retries the request was allowed).
/// </summary>
public sealed class DatabricksRequestException(
    string operation, int? status, string errorCode, string apiMessage, string message, JsonArray? details = null, Exception? inner = null)
    : DatabricksException(errorCode, message, inner)
{
    /// <summary>Our code for a workspace host that does not resolve.</summary>
    public const string HostNotFound = "HOST_NOT_FOUND";

    /// <summary>Our code for a connection that failed or timed out.</summary>
    public const string TransportError = "TRANSPORT_ERROR";

    /// <summary>The API operation, for example <c>jobs/runs/submit</c>.</summary>
    public string Operation { get; } = operation;

    public int? Status { get; } = status;

    /// <summary>The message the API returned, unchanged (empty when there was none).</summary>
    public string ApiMessage { get; } = apiMessage;

    /// <summary>The API's <c>details</c> array, when it sent one.</summary>
    public JsonArray? Details { get; } = details;

    /// <summary>The known detail types, decoded.</summary>
    public ApiErrorDetails ErrorDetails { get; } = ApiErrorDetails.Decode(details);

    /// <summary>True when the caller's own input or identity was refused (4xx other than 429).</summary>
    public bool IsClientError => Status is >= 400 and < 500 and not 429;

    /// <summary>True when no answer came: the host is unknown or unreachable.</summary>
    public bool IsUnreachable => Status is null;

    public bool IsNotFound => Status == 404 || ErrorCode is "RESOURCE_DOES_NOT_EXIST" or "NOT_FOUND";
}
