namespace Handoff.Shared.Progress;

/// <summary>What is counted in a step: how its numbers are shown.</summary>
public enum ProgressUnit
{
    Items,
    Rows,
    Bytes,
    Files,
}

/// <summary>
/// What long work tells the person waiting for it: named steps, each counting towards a total
/// when one is known (a percentage and a time left can then be shown) or only running (a wait).
/// The command line decides how that is shown; lower layers only report.
/// </summary>
public interface IWorkProgress : IDisposable
{
    /// <summary>Starts a step; dispose it when the step is over, whether it finished or failed.</summary>
    IProgressStep Start(string title, long? total = null, ProgressUnit unit = ProgressUnit.Items);
}

/// <summary>One step of long work; thread-safe.</summary>
public interface IProgressStep : IDisposable
{
    /// <summary>Adds <paramref name="amount"/> to what is done.</summary>
    void Advance(long amount);

    /// <summary>Sets what is done (a retried upload starts again from 0).</summary>
    void SetDone(long done);

    /// <summary>A few words on where the step is (a run's state, a rate), shown after its counts.</summary>
    void Describe(string status);
}

/// <summary>Progress that goes nowhere: for callers that have no one to tell.</summary>
public sealed class NoProgress : IWorkProgress, IProgressStep
{
    public static NoProgress Instance { get; } = new();

    public IProgressStep Start(string title, long? total = null, ProgressUnit unit = ProgressUnit.Items) => this;

    public void Advance(long amount)
    {
    }

    public void SetDone(long done)
    {
    }

    public void Describe(string status)
    {
    }

    public void Dispose()
    {
    }
}

/// <summary>A step as an <see cref="IProgress{T}"/> of amounts to add, for code that reports through that interface.</summary>
public sealed class StepAdvance(IProgressStep step) : IProgress<long>
{
    public void Report(long value) => step.Advance(value);
}

/// <summary>A step as an <see cref="IProgress{T}"/> of the amount done so far (an upload's bytes sent); disposing it ends the step.</summary>
public sealed class StepDone(IProgressStep step) : IProgress<long>, IDisposable
{
    public void Report(long value) => step.SetDone(value);

    public void Dispose() => step.Dispose();
}
