namespace Handoff.Tests.Databricks.Support;

/// <summary>
/// A clock that moves only when told to, or when someone waits on it: every timer fires at once
/// and moves the clock forward by its due time. Waits cost no real time, and <see cref="Delays"/>
/// records them, so tests can assert a Retry-After was honoured without sleeping.
/// </summary>
public sealed class FakeClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<TimeSpan> _delays = [];
    private DateTimeOffset _now = new(2025, 1, 1, 2, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_gate)
            {
                return [.. _delays];
            }
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new InstantTimer(this, callback, state, dueTime);

    private void Fire(TimeSpan dueTime, Action fire)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        lock (_gate)
        {
            _delays.Add(dueTime);
            _now += dueTime;
        }

        ThreadPool.QueueUserWorkItem(_ => fire());
    }

    private sealed class InstantTimer : ITimer
    {
        private readonly FakeClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private int _disposed;

        public InstantTimer(FakeClock clock, TimerCallback callback, object? state, TimeSpan dueTime)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            clock.Fire(dueTime, Invoke);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _clock.Fire(dueTime, Invoke);
            return true;
        }

        public void Dispose() => Interlocked.Exchange(ref _disposed, 1);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Invoke()
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                _callback(_state);
            }
        }
    }
}
