namespace Handoff.Shared.Cli;

/// <summary>
/// Ctrl-C (SIGINT) as cancellation: the first press cancels the token, so the command stops,
/// cleans up and exits 130 saying what it left; a second press ends the process at once, for when
/// that cleanup is itself stuck.
/// </summary>
public static class CtrlC
{
    public static CancellationTokenSource Listen()
    {
        var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        };
        return cancellation;
    }
}
