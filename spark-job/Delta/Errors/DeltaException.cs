namespace Handoff.SparkJob.Delta.Errors;

/// <summary>
/// A failure reading or writing a Delta table. Messages name the table, version, file or feature
/// concerned; <see cref="Kind"/> is stable for callers to branch on.
/// </summary>
public class DeltaException : Exception
{
    public DeltaException(DeltaErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    public DeltaErrorKind Kind { get; }
}
