using Handoff.Shared.Cli.Progress;
using Handoff.Shared.Progress;

namespace Handoff.Shared.Cli.Terminal;

/// <summary>
/// One live line per running step on a terminal (drawn by <see cref="SpectreDisplay"/>): title
/// and counts, a bar, the percentage and time left when the total is known, the time so far, a
/// spinner. The display appears only once a step has run for <see cref="Delay"/> (a command that
/// ends sooner never loads the console library, and its start-up stays as it was) and is gone
/// before the command prints its result. A finished step's line disappears; with verbose, a line
/// with its time is printed. Lines the program writes meanwhile go above the live ones.
/// </summary>
internal sealed class LiveProgress(TextWriter raw, Func<string, string?> environment) : IWorkProgress
{
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private readonly List<Step> _active = [];
    private Timer? _pending;
    private SpectreDisplay? _display;

    /// <summary>Print a line with its time when a step ends.</summary>
    public bool Verbose { get; set; }

    public IProgressStep Start(string title, long? total = null, ProgressUnit unit = ProgressUnit.Items)
    {
        var step = new Step(this, new StepState(title, total, unit));
        lock (_gate)
        {
            _active.Add(step);
            if (_display is not null)
            {
                step.Line = _display.Add(step.State);
            }
            else
            {
                _pending ??= new Timer(_ => ShowDisplay(), null, Delay, Timeout.InfiniteTimeSpan);
            }
        }

        return step;
    }

    /// <summary>A line of the program's own (stderr), above the live lines when they are shown.</summary>
    public void WriteLine(string text)
    {
        lock (_gate)
        {
            if (_display is not null)
            {
                _display.WriteLine(text);
            }
            else
            {
                raw.WriteLine(text);
                raw.Flush();
            }
        }
    }

    /// <summary>Shared by every user of the terminal: the display ends when its last step does.</summary>
    public void Dispose()
    {
    }

    private void ShowDisplay()
    {
        lock (_gate)
        {
            _pending?.Dispose();
            _pending = null;
            if (_active.Count == 0 || _display is not null)
            {
                return;
            }

            _display = SpectreDisplay.Start(raw, environment);
            foreach (var step in _active)
            {
                step.Line = _display.Add(step.State);
            }
        }
    }

    private void End(Step step)
    {
        SpectreDisplay? finished = null;
        lock (_gate)
        {
            _active.Remove(step);
            step.Line?.Complete();
            if (Verbose)
            {
                var line = step.State.DoneLine();
                if (_display is not null)
                {
                    _display.WriteLine(line);
                }
                else
                {
                    raw.WriteLine(line);
                }
            }

            if (_active.Count == 0)
            {
                _pending?.Dispose();
                _pending = null;
                finished = _display;
                _display = null;
            }
        }

        // The display must be gone before the command writes its result to the same terminal.
        finished?.Stop();
    }

    private sealed class Step(LiveProgress owner, StepState state) : IProgressStep
    {
        private int _ended;

        public StepState State => state;

        public SpectreDisplay.Line? Line { get; set; }

        public void Advance(long amount)
        {
            state.Advance(amount);
            Line?.Show();
        }

        public void SetDone(long done)
        {
            state.SetDone(done);
            Line?.Show();
        }

        public void Describe(string status)
        {
            state.Status = status;
            Line?.Show();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                owner.End(this);
            }
        }
    }
}
