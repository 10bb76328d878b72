using System.Collections.Concurrent;
using System.Globalization;
using Handoff.Shared.Cli.Progress;
using Handoff.Shared.Progress;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Handoff.Shared.Cli.Terminal;

/// <summary>
/// Spectre.Console's progress display on stderr, one task per step. Lines written through
/// <see cref="WriteLine"/> go through the same console, which prints them above the live lines
/// (its render hook), so the two never tear each other.
/// </summary>
internal sealed class SpectreDisplay
{
    private readonly IAnsiConsole _console;
    private readonly ConcurrentDictionary<int, StepState> _states = new();
    private readonly TaskCompletionSource _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ProgressContext _context = null!;
    private Task _running = Task.CompletedTask;

    private SpectreDisplay(IAnsiConsole console) => _console = console;

    public static SpectreDisplay Start(TextWriter stderr, Func<string, string?> environment)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            // The caller has seen a terminal; CI variables must not turn the live lines off.
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = string.IsNullOrEmpty(environment("NO_COLOR")) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(stderr),
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });
        // A terminal that reports no size (a pseudo-terminal nobody sized) would crop the live lines to nothing.
        if (console.Profile.Height < 5)
        {
            console.Profile.Height = 24;
        }

        var display = new SpectreDisplay(console);
        var ready = new TaskCompletionSource<ProgressContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        display._running = Task.Run(() => console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(
                new DescriptionColumn(),
                new ProgressBarColumn { Width = 16 },
                new PercentColumn(),
                new TimeColumn(display._states),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                ready.SetResult(context);
                await display._stop.Task;
            }));
        display._context = ready.Task.GetAwaiter().GetResult();
        return display;
    }

    public Line Add(StepState state)
    {
        var task = _context.AddTask(Markup.Escape(state.Title), autoStart: true, maxValue: state.Total is > 0 and var total ? total : 1);
        task.IsIndeterminate = state.Total is null;
        _states[task.Id] = state;
        // What the bar, percentage, times and spinner leave of the line for the title, counts and status.
        var room = Math.Max(24, _console.Profile.Width - 48);
        var line = new Line(task, state, room, () => _states.TryRemove(task.Id, out _));
        line.Show();
        return line;
    }

    public void WriteLine(string text) => _console.Write(new Text(text + "\n"));

    public void Stop()
    {
        _stop.TrySetResult();
        _running.GetAwaiter().GetResult();
    }

    /// <summary>A step's live line.</summary>
    internal sealed class Line(ProgressTask task, StepState state, int room, Action removed)
    {
        public void Show()
        {
            if (state.Total is > 0)
            {
                task.Value = Math.Min(state.Done, state.Total.Value);
            }

            var counts = state.Counts(compact: true);
            var status = state.Status is { Length: > 0 } s ? $" {s}" : string.Empty;
            var text = $"{state.Title}{(counts.Length > 0 ? $" {counts}" : string.Empty)}{status}";
            task.Description = Markup.Escape(text.Length <= room ? text : text[..(room - 1)] + "…");
        }

        public void Complete()
        {
            task.Value = task.MaxValue;
            task.StopTask();
            removed();
        }
    }

    /// <summary>The step's title, counts and status on one line: cut with an ellipsis on a narrow terminal rather than wrapped, which would move the live lines.</summary>
    private sealed class DescriptionColumn : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Markup(task.Description).Overflow(Overflow.Ellipsis);
    }

    /// <summary>"45%" when the total is known, else nothing.</summary>
    private sealed class PercentColumn : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            task.IsIndeterminate ? Text.Empty : new Text(string.Create(CultureInfo.InvariantCulture, $"{(int)task.Percentage,3}%"));
    }

    /// <summary>The time so far, and "12.0 s left" once there is a rate to go by.</summary>
    private sealed class TimeColumn(ConcurrentDictionary<int, StepState> states) : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            if (!states.TryGetValue(task.Id, out var state))
            {
                return Text.Empty;
            }

            var left = state.Remaining is { } remaining ? $", {Units.Duration(remaining)} left" : string.Empty;
            return new Text(Units.Duration(state.Elapsed) + left, new Style(Color.Grey));
        }
    }
}
