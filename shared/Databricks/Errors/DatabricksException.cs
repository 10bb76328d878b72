namespace Handoff.Shared.Databricks.Errors;

/// <summary>
/// Anything that went wrong talking to a Databricks workspace. <see cref="ErrorCode"/> is the
/// API's own code (<c>PERMISSION_DENIED</c>, <c>RESOURCE_DOES_NOT_EXIST</c>, ...) or one of ours
/// (<c>TRANSPORT_ERROR</c>, <c>MALFORMED_RESPONSE</c>, <c>CONFIG</c>). Messages never carry a token.
/// </summary>
public class DatabricksException(string errorCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public string ErrorCode { get; } = errorCode;
}
