namespace Handoff.Shared.Cli;

/// <summary>The exit codes scripts can rely on; documented in --help and the README.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int ValidationFailed = 1;
    public const int BadInput = 2;
    public const int SourceError = 3;
    public const int StorageError = 4;

    /// <summary>A Databricks run failed, timed out or was cancelled (or the workspace kept failing): the job's verdict is unknown.</summary>
    public const int RunFailed = 5;

    /// <summary>
    /// <c>spark-job load --exports --require-new</c> found nothing new to load. sysexits.h's
    /// EX_TEMPFAIL ("try again later"), outside the codes above so that a script can tell
    /// "nothing yet" from every failure.
    /// </summary>
    public const int NothingNew = 75;

    public const int InternalError = 70;
    public const int Cancelled = 130;

    public const string HelpText =
        "Exit codes: 0 ok; 1 validation failed; 2 bad arguments or input; 3 source error; 4 storage error; 5 Databricks run failed or cancelled; 70 internal error (a bug: please report it); 130 cancelled.";
}
