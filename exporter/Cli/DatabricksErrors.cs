using Handoff.Exporter.Databricks;
using Handoff.Exporter.Databricks.Bundle;
using Handoff.Shared.Databricks.Errors;
using Handoff.Shared.Cli;
using Handoff.Shared.Input;

namespace Handoff.Exporter.Cli;

/// <summary>
/// Exit codes for Databricks failures: our configuration or a request the workspace refused
/// (4xx: bad input, credentials, permissions) is 2; a workspace that cannot be reached (a host
/// that does not resolve, a connection that fails or goes quiet after the retries) is 4, the
/// storage and service code; a workspace that answered but kept failing (5xx, 429 after every
/// retry) is 5, like a failed run: the job's verdict is unknown.
/// </summary>
internal static class DatabricksErrors
{
    public static int? Classify(Exception error) => error switch
    {
        DatabricksConfigException => ExitCodes.BadInput,
        DatabricksRequestException { IsClientError: true } => ExitCodes.BadInput,
        DatabricksRequestException { IsUnreachable: true } => ExitCodes.StorageError,
        DatabricksException => ExitCodes.RunFailed,
        BundleException or FileNotFoundException => ExitCodes.BadInput,
        _ => ExporterErrors.Classify(error),
    };

    /// <summary>Submit's and schedule's typed problems said with the flags (<see cref="JobProblemMessages"/>); null for any other error.</summary>
    public static string? Describe(Exception error) =>
        error switch
        {
            PrebuiltBinaryMissingException missing => $"--bundle-binary {missing.BinaryPath}: no such file",
            _ when InputProblem.Of(error) is JobProblem problem => JobProblemMessages.Describe(problem),
            _ => ExporterErrors.Describe(error),
        };
}
