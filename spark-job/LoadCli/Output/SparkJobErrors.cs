using Handoff.Shared.Cli;
using Handoff.Shared.Databricks.Errors;
using Handoff.Shared.Databricks.Sql;
using Handoff.Shared.Input;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Engines;
using Handoff.SparkJob.Engines.Spark;
using Handoff.SparkJob.Job;
using Handoff.SparkJob.SparkConnect.Connection;
using Handoff.SparkJob.SparkConnect.Errors;

namespace Handoff.SparkJob.Output;

/// <summary>Exit codes for the exceptions the job owns, and the messages of its typed problems.</summary>
public static class SparkJobErrors
{
    /// <summary>The message of a typed load problem, worded with the flags (<see cref="LoadProblemMessages"/>); null for any other error.</summary>
    public static string? Describe(Exception error) => error switch
    {
        RolledBackExportException rolledBack => rolledBack.Say($"--stream '{rolledBack.ReloadStream}'"),
        _ => LoadProblemMessages.Describe(InputProblem.Of(error)),
    };

    public static int? Classify(Exception error) => error switch
    {
        ManifestMissingException => ExitCodes.BadInput,

        // --remote or SPARK_REMOTE that is not a Spark Connect connection string.
        SparkConnectionStringException => ExitCodes.BadInput,
        DeltaException { Kind: DeltaErrorKind.ConcurrentModification } => ExitCodes.StorageError,
        DeltaException { InnerException: StorageException storage } => ErrorReport.ExitCodeOf(storage),
        DeltaException => ExitCodes.BadInput,
        SparkConnectException spark => Classify(spark),
        SparkEndpointException => ExitCodes.BadInput,

        // The Clusters API before connecting: a refused request (no such cluster, no permission) is
        // the user's to fix; a cluster that does not come up, or a workspace that keeps failing, is not.
        DatabricksRequestException { IsClientError: true } => ExitCodes.BadInput,
        DatabricksConfigException => ExitCodes.BadInput,

        // A SQL statement (register) refused for what it was given is the user's to fix; one the
        // service could not run, or that did not end in time, is like a failed run.
        StatementFailedException statement => statement.IsCausedByInput ? ExitCodes.BadInput : ExitCodes.RunFailed,
        DatabricksException => ExitCodes.StorageError,
        _ => null,
    };

    /// <summary>
    /// Spark errors caused by our input (bad SQL, a missing table, data that does not parse,
    /// credentials refused) exit 2, from a Spark 3.5 server as from a 4.x one
    /// (<see cref="SparkErrorBlame"/>); an unreachable or failing Spark service, or a session the
    /// server restarted, exits 4, as storage outages do.
    /// </summary>
    public static int Classify(SparkConnectException error) =>
        SparkErrorBlame.IsCausedByInput(error) ? ExitCodes.BadInput : ExitCodes.StorageError;
}
