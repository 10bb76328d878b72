using System.Diagnostics;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>
/// grpc-java's server-side ping policy (netty/src/main/java/io/grpc/netty/KeepAliveEnforcer.java):
/// a ping sooner than the permitted interval after the last valid one is a strike; a third strike
/// (more than MAX_PING_STRIKES = 2) means the client is misbehaving. With no call open, and
/// permitKeepAliveWithoutCalls off (NettyServerBuilder's default), the interval is 2 hours
/// (IMPLICIT_PERMIT_TIME_NANOS). The server resets the count whenever it sends HEADERS or DATA.
/// </summary>
internal sealed class PingEnforcer(TimeSpan permitInterval, TimeSpan implicitPermitInterval)
{
    public const int MaxPingStrikes = 2;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private TimeSpan _lastValidPing = TimeSpan.Zero;
    private int _strikes;
    private bool _hasOutstandingCalls;

    /// <summary>False when the client is misbehaving and must be disconnected.</summary>
    public bool PingAcceptable()
    {
        lock (_lock)
        {
            var now = _clock.Elapsed;
            var minimum = _hasOutstandingCalls ? permitInterval : implicitPermitInterval;
            if (_lastValidPing + minimum <= now)
            {
                _lastValidPing = now;
                return true;
            }

            _strikes++;
            return _strikes <= MaxPingStrikes;
        }
    }

    /// <summary>The server sent HEADERS or DATA: pings in answer to it are fine (lastValidPingTime = epoch).</summary>
    public void ResetCounters()
    {
        lock (_lock)
        {
            _lastValidPing = TimeSpan.Zero;
            _strikes = 0;
        }
    }

    public void OnCallsChanged(bool outstanding)
    {
        lock (_lock)
        {
            _hasOutstandingCalls = outstanding;
        }
    }
}
