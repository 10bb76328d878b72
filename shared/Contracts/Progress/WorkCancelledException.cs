namespace Handoff.Shared.Progress;

/// <summary>
/// Work stopped because it was cancelled (Ctrl-C), saying what it left behind or cleaned up,
/// for example "nothing was committed; the unfinished export folder … was removed".
/// </summary>
public sealed class WorkCancelledException(string outcome, Exception? inner = null)
    : OperationCanceledException(outcome, inner)
{
    public string Outcome => Message;
}
