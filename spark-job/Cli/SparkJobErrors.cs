using Handoff.Shared.Cli;
using Handoff.SparkJob.Delta.Errors;
using Handoff.SparkJob.Job;

namespace Handoff.SparkJob.Cli;

/// <summary>Exit codes for the exceptions the job owns.</summary>
public static class SparkJobErrors
{
    public static int? Classify(Exception error) => error switch
    {
        ManifestMissingException => ExitCodes.BadInput,
        DeltaException { Kind: DeltaErrorKind.ConcurrentModification } => ExitCodes.StorageError,
        DeltaException => ExitCodes.BadInput,
        _ => null,
    };
}
