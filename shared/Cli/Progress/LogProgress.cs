using Handoff.Shared.Progress;

namespace Handoff.Shared.Cli.Progress;

/// <summary>
/// Progress where stderr is not a terminal (a log, a pipe, a CI job): a line for each running
/// step every few seconds (every 5 s for the first minute of a step, then every 30 s), nothing
/// for a step that ends sooner; with verbose, a line for each step that ends, with its time.
/// </summary>
public sealed class LogProgress : IWorkProgress, IDisposable
{
    public static readonly TimeSpan FirstInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan LaterInterval = TimeSpan.FromSeconds(30);

    private readonly TextWriter _error;
    private readonly bool _verbose;
    private readonly TimeSpan _first;
    private readonly TimeSpan _later;
    private readonly List<Step> _steps = [];
    private readonly Timer _timer;

    /// <param name="interval">Every how long a running step prints a line (default: 5 s, then 30 s after a minute).</param>
    public LogProgress(TextWriter error, bool verbose, TimeSpan? interval = null)
    {
        _error = error;
        _verbose = verbose;
        _first = interval ?? FirstInterval;
        _later = interval ?? LaterInterval;
        var period = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, Math.Max(_first.Ticks / 2, TimeSpan.FromMilliseconds(10).Ticks)));
        _timer = new Timer(_ => Tick(), null, period, period);
    }

    public IProgressStep Start(string title, long? total = null, ProgressUnit unit = ProgressUnit.Items)
    {
        var step = new Step(this, new StepState(title, total, unit));
        lock (_steps)
        {
            _steps.Add(step);
        }

        return step;
    }

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        List<Step> due;
        lock (_steps)
        {
            due = _steps.Where(s => s.IsDue()).ToList();
        }

        foreach (var step in due)
        {
            Write(step.State.Line());
        }
    }

    private void End(Step step)
    {
        lock (_steps)
        {
            _steps.Remove(step);
        }

        if (_verbose)
        {
            Write(step.State.DoneLine());
        }
    }

    private void Write(string line)
    {
        lock (_error)
        {
            _error.WriteLine(line);
        }
    }

    private sealed class Step(LogProgress owner, StepState state) : IProgressStep
    {
        private TimeSpan _lastLine;
        private int _ended;

        public StepState State => state;

        public bool IsDue()
        {
            var elapsed = state.Elapsed;
            var interval = elapsed < TimeSpan.FromMinutes(1) ? owner._first : owner._later;
            if (elapsed - _lastLine < interval)
            {
                return false;
            }

            _lastLine = elapsed;
            return true;
        }

        public void Advance(long amount) => state.Advance(amount);

        public void SetDone(long done) => state.SetDone(done);

        public void Describe(string status) => state.Status = status;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                owner.End(this);
            }
        }
    }
}
