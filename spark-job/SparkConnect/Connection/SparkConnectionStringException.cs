namespace Handoff.SparkJob.SparkConnect.Connection;

/// <summary>A connection string that cannot be used; <see cref="Part"/> names what is wrong (exit code 2).</summary>
public sealed class SparkConnectionStringException(string part, string message)
    : FormatException($"invalid Spark Connect connection string: {part}: {message}")
{
    /// <summary>"scheme", "host", "port", "path", "token", "use_ssl", "session_id", "parameter 'name'", ...</summary>
    public string Part { get; } = part;
}
