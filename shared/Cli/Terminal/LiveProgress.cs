using System.Collections.Concurrent;
using System.Globalization;
using Handoff.Shared.Cli.Progress;
using Handoff.Shared.Progress;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Handoff.Shared.Cli.Terminal;

/// <summary>
/// One live line per running step (Spectre.Console's progress display on stderr): its title and
/// counts, a bar, the percentage and the time left when the total is known, the time so far, and
/// a spinner. The display runs while any step does and is gone before the command prints its
/// result; a finished step's line disappears (with verbose, a line with its time is printed).
/// </summary>
internal sealed class LiveProgress(IAnsiConsole console) : IWorkProgress
{
    /// <summary>Print a line with its time when a step ends.</summary>
    public bool Verbose { get; set; }

    /// <summary>Shared by every user of the terminal: the display ends when its last step does, not here.</summary>
    public void Dispose()
    {
    }

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<int, StepState> _states = new();
    private ProgressContext? _context;
    private TaskCompletionSource? _stop;
    private Task? _display;
    private int _active;

    public IProgressStep Start(string title, long? total = null, ProgressUnit unit = ProgressUnit.Items)
    {
        var state = new StepState(title, total, unit);
        lock (_gate)
        {
            var context = _context ?? StartDisplay();
            var task = context.AddTask(Markup.Escape(title), autoStart: true, maxValue: total is > 0 and var t ? t : 1);
            task.IsIndeterminate = total is null;
            _states[task.Id] = state;
            _active++;
            return new Step(this, task, state);
        }
    }

    private ProgressContext StartDisplay()
    {
        var ready = new TaskCompletionSource<ProgressContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stop = stop;
        _display = Task.Run(() => console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn { Width = 24 },
                new PercentColumn(),
                new TimeColumn(_states),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                ready.SetResult(context);
                await stop.Task;
            }));
        _context = ready.Task.GetAwaiter().GetResult();
        return _context;
    }

    private void End(Step step)
    {
        Task? display = null;
        lock (_gate)
        {
            step.Task.Value = step.Task.MaxValue;
            step.Task.StopTask();
            _states.TryRemove(step.Task.Id, out _);
            if (Verbose)
            {
                var counts = step.State.Counts();
                console.Write(new Text($"{step.State.Title}: done in {Units.Duration(step.State.Elapsed)}{(counts.Length > 0 ? $" ({counts})" : string.Empty)}\n"));
            }

            if (--_active == 0)
            {
                _stop?.TrySetResult();
                display = _display;
                _context = null;
                _display = null;
            }
        }

        // The display must be gone before the command writes its result to the same terminal.
        display?.GetAwaiter().GetResult();
    }

    private sealed class Step(LiveProgress owner, ProgressTask task, StepState state) : IProgressStep
    {
        private int _ended;

        public ProgressTask Task => task;

        public StepState State => state;

        public void Advance(long amount)
        {
            state.Advance(amount);
            Show();
        }

        public void SetDone(long done)
        {
            state.SetDone(done);
            Show();
        }

        public void Describe(string status)
        {
            state.Status = status;
            Show();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                owner.End(this);
            }
        }

        private void Show()
        {
            if (state.Total is > 0)
            {
                task.Value = Math.Min(state.Done, state.Total.Value);
            }

            var counts = state.Counts();
            var status = state.Status is { Length: > 0 } s ? $" {s}" : string.Empty;
            task.Description = Markup.Escape($"{state.Title}{(counts.Length > 0 ? $" {counts}" : string.Empty)}{status}");
        }
    }

    /// <summary>"45%" when the total is known, else nothing.</summary>
    private sealed class PercentColumn : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            task.IsIndeterminate ? Text.Empty : new Text(string.Create(CultureInfo.InvariantCulture, $"{(int)task.Percentage,3}%"));
    }

    /// <summary>The time so far, and "about 12.0 s left" once there is a rate to go by.</summary>
    private sealed class TimeColumn(ConcurrentDictionary<int, StepState> states) : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            if (!states.TryGetValue(task.Id, out var state))
            {
                return Text.Empty;
            }

            var left = state.Remaining is { } remaining ? $", about {Units.Duration(remaining)} left" : string.Empty;
            return new Text(Units.Duration(state.Elapsed) + left, new Style(Color.Grey));
        }
    }
}
