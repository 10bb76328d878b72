using Handoff.SparkJob.SparkConnect.Client;
using Handoff.SparkJob.SparkConnect.Connection;
using Handoff.Tests.Fixtures.SparkConnect;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary>
/// HTTP/2 keepalive against grpc-java's ping policy (5 minutes between pings, three strikes), with
/// the fake's time 30 times faster: 5 minutes is 10 s, a 3-minute silent command 6 s, and the 30-s
/// pings this client used to send are 1 s (the least SocketsHttpHandler allows).
/// </summary>
public sealed class KeepAliveTests
{
    private const double TimeScale = 1.0 / 30;
    private const string Create = "CREATE TABLE IF NOT EXISTS `t` (`id` BIGINT) USING DELTA";
    private static readonly TimeSpan ThreeMinutes = TimeSpan.FromMinutes(3) * TimeScale;

    [Fact]
    public async Task A_silent_three_minute_command_on_spark_35_is_not_cut_off_because_the_client_sends_no_pings()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark35(TimeScale));
        using var client = Client(server, keepAlive: null);
        await client.SqlAsync(Create, CancellationToken.None);
        server.Faults.DelayStatement("DELETE FROM", ThreeMinutes);

        await client.SqlAsync("DELETE FROM `t`", CancellationToken.None);

        // SocketsHttpHandler still sends the pings HTTP/2 flow control measures round trips with,
        // right after data arrives; grpc-java forgives those (the server's sends reset the strikes).
        Assert.Equal(Timeout.InfiniteTimeSpan, SparkChannel.PingDelay(new SparkConnectClientOptions()));
        Assert.Equal(0, server.Proxy!.GoAwaysSent);
        Assert.Equal(2, server.Spark.Table("t")!.Commits.Count);
    }

    [Fact]
    public async Task Pings_at_the_least_interval_the_command_line_accepts_are_within_the_policy()
    {
        // 150 times faster: 5 minutes is 2 s, and the command runs 2.5 of them.
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark35(1.0 / 150));
        using var client = Client(server, keepAlive: server.Profile.PingPermitInterval);
        await client.SqlAsync(Create, CancellationToken.None);
        server.Faults.DelayStatement("DELETE FROM", server.Profile.PingPermitInterval!.Value * 2.5);

        await client.SqlAsync("DELETE FROM `t`", CancellationToken.None);

        Assert.True(server.Proxy!.PingsReceived >= 1, "the client sent no ping at all");
        Assert.Equal(0, server.Proxy.GoAwaysSent);
    }

    [Fact]
    public async Task The_fakes_policy_answers_pings_every_30_seconds_with_goaway_too_many_pings()
    {
        // What the client did before: pings every 30 s on a silent call, struck out after about 90 s.
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark35(TimeScale));
        using var client = Client(server, keepAlive: TimeSpan.FromSeconds(30) * TimeScale);
        await client.SqlAsync(Create, CancellationToken.None);
        server.Faults.DelayStatement("DELETE FROM", ThreeMinutes);

        try
        {
            await client.SqlAsync("DELETE FROM `t`", CancellationToken.None);
        }
        catch (Handoff.SparkJob.SparkConnect.Errors.SparkConnectException)
        {
            // Whether the client recovers by reattaching is not the point here.
        }

        Assert.True(server.Proxy!.GoAwaysSent >= 1, $"{server.Proxy.PingsReceived} pings, no GOAWAY");
    }

    private static SparkConnectClient Client(FakeSparkConnectServer server, TimeSpan? keepAlive) =>
        new(SparkConnectionString.Parse(server.Remote), new SparkConnectClientOptions { Retry = SparkRetries.Fast, KeepAliveInterval = keepAlive });
}
