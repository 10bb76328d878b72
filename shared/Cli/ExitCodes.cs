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

    private static readonly (int Code, string Meaning)[] Meanings =
    [
        (Ok, "ok"),
        (ValidationFailed, "validation failed"),
        (BadInput, "bad arguments or input"),
        (SourceError, "source error"),
        (StorageError, "storage error"),
        (RunFailed, "Databricks run failed or cancelled"),
        (NothingNew, "nothing new to load (load --exports --require-new)"),
        (InternalError, "internal error (a bug: please report it)"),
        (Cancelled, "cancelled"),
    ];

    /// <summary>Every code, for the programs' own help.</summary>
    public static string HelpText => Describe(Meanings.Select(m => m.Code).ToArray());

    /// <summary>
    /// The help line for a command that can exit with <paramref name="codes"/> only; 0, 2, 70 and
    /// 130 (ok, bad input, a bug, Ctrl-C) can happen anywhere and are always listed.
    /// </summary>
    public static string Describe(params int[] codes)
    {
        var listed = codes.Concat([Ok, BadInput, InternalError, Cancelled]).ToHashSet();
        return "Exit codes: " + string.Join("; ", Meanings.Where(m => listed.Contains(m.Code)).Select(m => $"{m.Code} {m.Meaning}")) + ".";
    }
}
