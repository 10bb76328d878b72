using Grpc.Core;
using Handoff.Shared.Cli;
using Handoff.Shared.Databricks.Errors;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Job;
using Handoff.SparkJob.SparkConnect.Errors;

namespace Handoff.SparkJob.Cli;

/// <summary>Exit codes for the exceptions the job owns.</summary>
public static class SparkJobErrors
{
    // SQLSTATE classes that blame what we were given: 42 syntax or analysis (no such table,
    // bad identifier), 22 data (a malformed record), 23 constraints (NULL into NOT NULL),
    // 0A unsupported feature, 21 cardinality.
    private static readonly string[] InputSqlStateClasses = ["42", "22", "23", "0A", "21"];

    public static int? Classify(Exception error) => error switch
    {
        ManifestMissingException => ExitCodes.BadInput,
        DeltaException { Kind: DeltaErrorKind.ConcurrentModification } => ExitCodes.StorageError,
        DeltaException { InnerException: StorageException storage } => ErrorReport.ExitCodeOf(storage),
        DeltaException => ExitCodes.BadInput,
        SparkConnectException spark => Classify(spark),
        DatabricksConfigException => ExitCodes.BadInput,
        DatabricksRequestException { IsClientError: true } => ExitCodes.BadInput,
        DatabricksException => ExitCodes.StorageError,
        _ => null,
    };

    /// <summary>
    /// Spark errors caused by our input (bad SQL, a missing table, data that does not parse,
    /// credentials refused) exit 2; an unreachable or failing Spark service exits 4, as storage
    /// outages do.
    /// </summary>
    public static int Classify(SparkConnectException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Status is StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.InvalidArgument or StatusCode.NotFound)
        {
            return ExitCodes.BadInput;
        }

        return error.SqlState is { Length: >= 2 } state && InputSqlStateClasses.Contains(state[..2], StringComparer.OrdinalIgnoreCase)
            ? ExitCodes.BadInput
            : ExitCodes.StorageError;
    }
}
