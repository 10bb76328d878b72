using System.Collections.Concurrent;
using Grpc.Core;

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
/// mid-way, and Spark errors for statements that contain some text. Each armed fault fires once.
/// </summary>
public sealed class FakeFaults
{
    private readonly ConcurrentDictionary<string, int> _unavailable = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int After, StreamBreak How)> _breaks = new();
    private readonly ConcurrentQueue<(string Contains, RpcException Error)> _statementErrors = new();
    private readonly ConcurrentQueue<HeldStatement> _holds = new();

    /// <summary>The next <paramref name="count"/> calls of <paramref name="method"/> fail with UNAVAILABLE before the server does anything.</summary>
    public void FailNext(string method, int count = 1) => _unavailable.AddOrUpdate(method, count, (_, existing) => existing + count);

    /// <summary>The next result stream breaks after <paramref name="responses"/> responses.</summary>
    public void BreakNextStream(int responses, StreamBreak how = StreamBreak.Unavailable) => _breaks.Enqueue((responses, how));

    /// <summary>The next statement (SQL, or a write's table name) containing <paramref name="text"/> fails with this Spark error.</summary>
    public void FailStatement(string text, RpcException error) => _statementErrors.Enqueue((text, error));

    /// <summary>The next SQL statement containing <paramref name="text"/> runs as a long job (see <see cref="HeldStatement"/>).</summary>
    public HeldStatement HoldStatement(string text, TimeSpan? grace = null)
    {
        var held = new HeldStatement(text, grace ?? TimeSpan.FromSeconds(3));
        _holds.Enqueue(held);
        return held;
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

    internal RpcException? TakeStatementError(string statement)
    {
        if (_statementErrors.TryPeek(out var next) && statement.Contains(next.Contains, StringComparison.Ordinal) && _statementErrors.TryDequeue(out next))
        {
            return next.Error;
        }

        return null;
    }
}
