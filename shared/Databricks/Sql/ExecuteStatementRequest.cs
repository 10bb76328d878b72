namespace Handoff.Shared.Databricks.Sql;

/// <summary>
/// The body of <c>POST /api/2.0/sql/statements</c>, with the fields of databricks-sdk-go v0.175.0
/// (commit 1ff3c785) service/sql/model.go <c>ExecuteStatementRequest</c> that we send:
/// <c>statement</c> and <c>warehouse_id</c> (required), <c>wait_timeout</c> ("0s", or 5 to 50
/// seconds as "Ns": how long the call blocks for the statement to end) and
/// <c>on_wait_timeout</c> (CONTINUE: the statement goes on and is polled; CANCEL: it is
/// cancelled when the wait ends). Results come back inline as JSON_ARRAY, the API's default.
/// </summary>
public sealed record ExecuteStatementRequest
{
    public const string Continue = "CONTINUE";
    public const string Cancel = "CANCEL";

    public required string Statement { get; init; }

    public required string WarehouseId { get; init; }

    public string WaitTimeout { get; init; } = "30s";

    public string OnWaitTimeout { get; init; } = Continue;

    /// <summary>Throws when <see cref="WaitTimeout"/> is not one the API accepts ("0s", or "5s" to "50s").</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Statement);
        ArgumentException.ThrowIfNullOrWhiteSpace(WarehouseId);
        if (!IsValidWaitTimeout(WaitTimeout))
        {
            throw new ArgumentOutOfRangeException(nameof(WaitTimeout), WaitTimeout, "wait_timeout is \"0s\" or 5 to 50 seconds (\"5s\" ... \"50s\")");
        }

        if (OnWaitTimeout is not (Continue or Cancel))
        {
            throw new ArgumentOutOfRangeException(nameof(OnWaitTimeout), OnWaitTimeout, "on_wait_timeout is CONTINUE or CANCEL");
        }
    }

    /// <summary>"0s", or "Ns" with N from 5 to 50 (the model's WaitTimeout comment).</summary>
    public static bool IsValidWaitTimeout(string? text) =>
        text is { Length: >= 2 } && text[^1] == 's' && text[..^1].All(char.IsAsciiDigit)
        && int.TryParse(text[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
        && (seconds == 0 || seconds is >= 5 and <= 50);
}
