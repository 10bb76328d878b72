namespace Handoff.SparkJob.Delta.Vacuum;

/// <summary>
/// What a vacuum deleted, or would delete on a dry run: the window it used, the files (counted,
/// with their bytes, and listed as far as the engine tells), and the emptied folders it removed.
/// The spark engine learns counts and bytes from Delta's VACUUM START/END commits, so
/// <see cref="Files"/> and <see cref="Bytes"/> are null when Spark does not report them (a dry
/// run reports paths only).
/// </summary>
public sealed record VacuumResult(
    bool DryRun,
    double RetentionHours,
    DateTimeOffset DeleteBefore,
    long? Files,
    long? Bytes,
    IReadOnlyList<string> Paths,
    long Directories);
