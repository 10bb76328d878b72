using System.Collections.Concurrent;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>How the next ExecutePlan or ReattachExecute stream misbehaves after some responses.</summary>
public enum StreamBreak
{
    /// <summary>The call fails with UNAVAILABLE, as when a proxy drops the connection.</summary>
    Unavailable,

    /// <summary>The server ends the stream cleanly without ResultComplete, as Spark does after a few minutes.</summary>
    EndWithoutResultComplete,
}

/// <summary>
/// Faults a test arms before a call: failures of the next calls of an RPC, streams that break
/// mid-way, Spark errors for statements that contain some text, statements that run long or wait
/// to be released, and a server restart before the next write. Each armed fault fires once.
/// </summary>
public sealed class FakeFaults
{
    private readonly ConcurrentDictionary<string, int> _unavailable = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int After, StreamBreak How)> _breaks = new();
    private readonly ConcurrentQueue<(string Contains, FakeSparkException Error)> _statementErrors = new();
    private readonly ConcurrentQueue<HeldStatement> _holds = new();
    private readonly ConcurrentQueue<(string Contains, TimeSpan Duration)> _delays = new();
    private int _restartsBeforeWrite;

    /// <summary>The next <paramref name="count"/> calls of <paramref name="method"/> fail with UNAVAILABLE before the server does anything.</summary>
    public void FailNext(string method, int count = 1) => _unavailable.AddOrUpdate(method, count, (_, existing) => existing + count);

    /// <summary>The next result stream breaks after <paramref name="responses"/> responses.</summary>
    public void BreakNextStream(int responses, StreamBreak how = StreamBreak.Unavailable) => _breaks.Enqueue((responses, how));

    /// <summary>The next statement (SQL, or a write's table name) containing <paramref name="text"/> fails with this Spark error.</summary>
    public void FailStatement(string text, FakeSparkException error) => _statementErrors.Enqueue((text, error));

    /// <summary>The next SQL statement containing <paramref name="text"/> runs this long before it does its work (silently on 3.5, with progress on 4.x).</summary>
    public void DelayStatement(string text, TimeSpan duration) => _delays.Enqueue((text, duration));

    /// <summary>The server restarts (new server-side session ids, confs lost) when the next write (insertInto) arrives, before it runs.</summary>
    public void RestartBeforeNextWrite() => Interlocked.Increment(ref _restartsBeforeWrite);

    /// <summary>The next SQL statement containing <paramref name="text"/> runs as a long job (see <see cref="HeldStatement"/>).</summary>
    public HeldStatement HoldStatement(string text, TimeSpan? grace = null)
    {
        var held = new HeldStatement(text, grace ?? TimeSpan.FromSeconds(3));
        _holds.Enqueue(held);
        return held;
    }

    internal TimeSpan? TakeDelay(string statement) =>
        _delays.TryPeek(out var next) && statement.Contains(next.Contains, StringComparison.Ordinal) && _delays.TryDequeue(out next) ? next.Duration : null;

    internal bool TakeRestartBeforeWrite()
    {
        while (true)
        {
            var left = Volatile.Read(ref _restartsBeforeWrite);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _restartsBeforeWrite, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    internal HeldStatement? TakeHold(string statement) =>
        _holds.TryPeek(out var next) && statement.Contains(next.Text, StringComparison.Ordinal) && _holds.TryDequeue(out next) ? next : null;

    internal bool TakeUnavailable(string method)
    {
        while (true)
        {
            if (!_unavailable.TryGetValue(method, out var left) || left <= 0)
            {
                return false;
            }

            if (_unavailable.TryUpdate(method, left - 1, left))
            {
                return true;
            }
        }
    }

    internal (int After, StreamBreak How)? TakeBreak() => _breaks.TryDequeue(out var next) ? next : null;

    internal FakeSparkException? TakeStatementError(string statement)
    {
        if (_statementErrors.TryPeek(out var next) && statement.Contains(next.Contains, StringComparison.Ordinal) && _statementErrors.TryDequeue(out next))
        {
            return next.Error;
        }

        return null;
    }
}
