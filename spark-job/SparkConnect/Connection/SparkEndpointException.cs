namespace Handoff.SparkJob.SparkConnect.Connection;

/// <summary>What is wrong with the inputs <see cref="SparkRemote"/> chooses an endpoint from.</summary>
public enum SparkEndpointProblem
{
    /// <summary>An explicit Spark Connect URL and explicit Databricks settings were both given.</summary>
    UrlAndDatabricks,

    /// <summary>No URL, no SPARK_REMOTE and no Databricks configuration.</summary>
    NoEndpoint,
}

/// <summary>
/// No Spark Connect endpoint can be chosen from what the caller gave: the caller's to fix. The
/// message names no command-line option (this library has none); a program that has options maps
/// <see cref="Problem"/> to its own words.
/// </summary>
public sealed class SparkEndpointException(SparkEndpointProblem problem, string message) : Exception(message)
{
    public SparkEndpointProblem Problem { get; } = problem;
}
