using Handoff.Shared.Exports.FromFiles;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Progress;
using Handoff.Shared.Schema;
using Handoff.Shared.Storage;

namespace Handoff.Shared.Cli;

/// <summary>
/// Turns a failure into one line on stderr (and, with --json, one JSON object on stdout) with
/// the exit code that says whose fault it was. Messages come from our own exceptions, which are
/// built from redacted locations, so no secret reaches the terminal. Each program adds the
/// exceptions it owns through <c>classify</c>, and says the typed problems of the libraries it
/// uses with its own flags through <c>describe</c> (null: the exception's message stands).
/// </summary>
public static class ErrorReport
{
    public static int ExitCodeOf(Exception error, Func<Exception, int?>? classify = null) => classify?.Invoke(error) ?? error switch
    {
        OperationCanceledException => ExitCodes.Cancelled,
        StorageException { Kind: StorageErrorKind.InvalidLocation } => ExitCodes.BadInput,
        StorageException => ExitCodes.StorageError,
        // Only our typed input errors are the user's fault: a framework ArgumentException (a guard's
        // ThrowIfNull), FormatException or InvalidDataException escaping to here is a bug.
        UsageException or SchemaException or ManifestException or InputArgumentException or InputFormatException or InputDataException => ExitCodes.BadInput,
        _ => ExitCodes.InternalError,
    };

    public static int Write(Exception error, bool json, CliConsole console, Func<Exception, int?>? classify = null, Func<Exception, string?>? describe = null)
    {
        var code = ExitCodeOf(error, classify);
        var message = code switch
        {
            ExitCodes.InternalError => InternalMessage(error),
            ExitCodes.Cancelled => CancelledMessage(error),
            _ => describe?.Invoke(error) ?? MessageOf(error),
        };
        if (json)
        {
            console.Out.WriteLine(CliJson.Serialize(new { error = message, exitCode = code, kind = KindOf(code) }));
        }

        // Ctrl-C is the user's own doing, not an error: say so plainly.
        console.Error.WriteLine(code == ExitCodes.Cancelled ? message : $"error: {message}");
        return code;
    }

    // The libraries below the command line name none of its options; their typed problems are
    // said here with the options, one place for both programs.
    private static string MessageOf(Exception error) => error switch
    {
        StorageException { Problem: NoCredentialOverHttp problem } => StorageArguments.Describe(problem),
        _ when InputProblem.Of(error) is FilesProblem problem => FilesArguments.Describe(problem),
        _ => error.Message,
    };

    // An unexpected exception may come from a library whose text we do not control: show its type
    // and message, and the whole trace (which may quote more of its state) only when asked.
    private static string InternalMessage(Exception error) =>
        Environment.GetEnvironmentVariable("HANDOFF_DEBUG") is "1" or "true"
            ? $"internal error: {error}"
            : $"internal error: {error.GetType().Name}: {error.Message} (set HANDOFF_DEBUG=1 for the stack trace, and please report it)";

    /// <summary>"cancelled", and what the work left or cleaned up when it says.</summary>
    private static string CancelledMessage(Exception error) =>
        error is WorkCancelledException { Outcome: { Length: > 0 } outcome } ? $"cancelled: {outcome}" : "cancelled";

    public static string KindOf(int code) => code switch
    {
        ExitCodes.ValidationFailed => "validation",
        ExitCodes.BadInput => "bad-input",
        ExitCodes.SourceError => "source",
        ExitCodes.StorageError => "storage",
        ExitCodes.RunFailed => "run-failed",
        ExitCodes.Cancelled => "cancelled",
        _ => "internal",
    };
}
