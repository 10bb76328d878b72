using Handoff.Shared.Databricks.Errors;

namespace Handoff.Shared.Databricks.Sql;

/// <summary>
/// A statement that ended other than SUCCEEDED, or that was still running when the wait ran
/// out. <see cref="DatabricksException.ErrorCode"/> is the API's error code (BAD_REQUEST, ...),
/// else the state.
/// </summary>
public sealed class StatementFailedException(string? statementId, string state, ServiceError? error, string? sqlState, string message)
    : DatabricksException(error?.ErrorCode ?? state, message)
{
    public const string TimedOut = "TIMED_OUT";

    public string? StatementId { get; } = statementId;

    /// <summary>FAILED, CANCELED, CLOSED, or <see cref="TimedOut"/>.</summary>
    public string State { get; } = state;

    public string? SqlState { get; } = sqlState;

    /// <summary>The API's message, unchanged.</summary>
    public string? ApiMessage { get; } = error?.Message;

    /// <summary>
    /// True when the statement failed on what it was given (its SQL, the names and locations in
    /// it, the caller's rights): a FAILED statement whose error is not one of the service's own
    /// troubles (internal, I/O, unavailable, maintenance, overloaded, deadline).
    /// </summary>
    public bool IsCausedByInput => State == StatementStates.Failed
        && ErrorCode is not ("INTERNAL_ERROR" or "IO_ERROR" or "TEMPORARILY_UNAVAILABLE" or "WORKSPACE_TEMPORARILY_UNAVAILABLE" or "SERVICE_UNDER_MAINTENANCE" or "RESOURCE_EXHAUSTED" or "DEADLINE_EXCEEDED" or "UNKNOWN" or "ABORTED");
}
