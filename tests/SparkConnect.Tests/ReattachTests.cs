using Handoff.SparkJob.SparkConnect.Client;
using Handoff.SparkJob.SparkConnect.Connection;
using Handoff.Tests.Fixtures.SparkConnect;
using Spark.Connect;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary>Long commands, stream closes and releases, as PySpark's reattachable iterator handles them, against both server modes.</summary>
public sealed class ReattachTests
{
    private const string Create = "CREATE TABLE IF NOT EXISTS `t` (`id` BIGINT) USING DELTA";

    [Fact]
    public async Task A_silent_command_that_outlasts_50_stream_closes_on_spark_35_completes_once_and_is_released_only_at_the_end()
    {
        // Spark 3.5 closes a stream every 2 minutes; 1/2400 of that is 50 ms, and the command runs 80 of them.
        var profile = FakeServerProfile.Spark35(timeScale: 1.0 / 2400) with { PingPermitInterval = null };
        await using var server = await FakeSparkConnectServer.StartAsync(profile);
        using var client = Client(server);
        await client.SqlAsync(Create, CancellationToken.None);
        server.Faults.DelayStatement("DELETE FROM", profile.SenderMaxStreamDuration * 80);

        await client.SqlAsync("DELETE FROM `t`", CancellationToken.None);

        var operation = server.Requests<ExecutePlanRequest>("ExecutePlan").Single(r => r.Plan.Command.SqlCommand.Sql.StartsWith("DELETE", StringComparison.Ordinal)).OperationId;
        var calls = server.Calls.Where(c => c.Request is ReattachExecuteRequest r && r.OperationId == operation || c.Request is ReleaseExecuteRequest x && x.OperationId == operation).ToList();
        Assert.True(calls.Count(c => c.Method == "ReattachExecute") >= 50, $"{calls.Count(c => c.Method == "ReattachExecute")} reattaches");
        var releaseAll = Assert.Single(calls, c => c.Request is ReleaseExecuteRequest { ReleaseAll: not null });
        Assert.Equal(calls.Count - 1, calls.IndexOf(releaseAll));
        Assert.Single(server.ExecutedPlans, p => p.Command?.SqlCommand?.Sql.StartsWith("DELETE", StringComparison.Ordinal) == true);
        Assert.Equal(2, server.Spark.Table("t")!.Commits.Count);
    }

    [Fact]
    public async Task Spark_4_progress_messages_keep_a_long_command_streaming_and_are_released_as_they_are_read()
    {
        var profile = FakeServerProfile.Spark4(timeScale: 1.0 / 40);
        await using var server = await FakeSparkConnectServer.StartAsync(profile);
        using var client = Client(server);
        await client.SqlAsync(Create, CancellationToken.None);
        server.Faults.DelayStatement("DELETE FROM", profile.ProgressInterval!.Value * 6);

        await client.SqlAsync("DELETE FROM `t`", CancellationToken.None);

        var operation = server.Requests<ExecutePlanRequest>("ExecutePlan").Last().OperationId;
        var releases = server.Requests<ReleaseExecuteRequest>("ReleaseExecute").Where(r => r.OperationId == operation).ToList();
        Assert.Contains(releases, r => r.ReleaseUntil is not null);
        Assert.NotNull(releases[^1].ReleaseAll);
        Assert.Single(releases, r => r.ReleaseAll is not null);
    }

    [Fact]
    public async Task Every_consumed_response_is_released_with_release_until_and_the_operation_with_release_all()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark4());
        using var client = Client(server);
        await client.SqlAsync(Create, CancellationToken.None);
        await client.SqlAsync("DELETE FROM `t`", CancellationToken.None);
        await client.SqlAsync("DELETE FROM `t`", CancellationToken.None);

        var rows = await client.QueryAsync(Plans.Sql("DESCRIBE HISTORY `t`"), CancellationToken.None).ToListAsync();

        Assert.Equal(3, rows.Count);
        var operation = server.Requests<ExecutePlanRequest>("ExecutePlan").Last().OperationId;
        var releases = server.Requests<ReleaseExecuteRequest>("ReleaseExecute").Where(r => r.OperationId == operation).ToList();
        var until = releases.Where(r => r.ReleaseUntil is not null).Select(r => r.ReleaseUntil.ResponseId).ToList();
        Assert.NotEmpty(until);
        Assert.All(until, id => Assert.True(Guid.TryParse(id, out _)));
        Assert.NotNull(releases[^1].ReleaseAll);
    }

    [Fact]
    public async Task Releases_that_fail_with_unavailable_are_retried_and_the_operation_is_still_released()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark4());
        using var client = Client(server);
        server.Faults.FailNext("ReleaseExecute", 2);

        await client.SqlAsync(Create, CancellationToken.None);

        // The release of the first response fails twice and goes through on the third try; then ReleaseAll.
        var releases = server.Requests<ReleaseExecuteRequest>("ReleaseExecute");
        Assert.Equal(4, releases.Count);
        Assert.All(releases.Take(3), r => Assert.NotNull(r.ReleaseUntil));
        Assert.NotNull(releases[3].ReleaseAll);
        Assert.Single(releases.Select(r => r.OperationId).Distinct());
    }

    [Fact]
    public async Task Clean_stream_closes_are_not_failures_and_do_not_use_up_the_retries()
    {
        var profile = FakeServerProfile.Spark35(timeScale: 1.0 / 2400) with { PingPermitInterval = null };
        await using var server = await FakeSparkConnectServer.StartAsync(profile);
        using var client = Client(server, new RetryOptions { MaxRetries = 2, InitialBackoff = TimeSpan.FromMilliseconds(1) });
        await client.SqlAsync(Create, CancellationToken.None);
        server.Faults.DelayStatement("DELETE FROM", profile.SenderMaxStreamDuration * 20);
        server.Faults.BreakNextStream(0);
        server.Faults.BreakNextStream(0);

        await client.SqlAsync("DELETE FROM `t`", CancellationToken.None);

        Assert.True(server.Calls.Count(c => c.Method == "ReattachExecute") >= 5, "the command ended before the streams closed a few times");
        Assert.Equal(2, server.Spark.Table("t")!.Commits.Count);
    }

    [Fact]
    public async Task Broken_streams_beyond_the_retry_schedule_give_up_saying_where_and_how_long()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark4());
        using var client = Client(server, new RetryOptions { MaxRetries = 2, InitialBackoff = TimeSpan.FromMilliseconds(1) });
        await client.SqlAsync(Create, CancellationToken.None);
        server.Faults.HoldStatement("DELETE FROM");
        server.Faults.BreakNextStream(0);
        server.Faults.BreakNextStream(0);
        server.Faults.BreakNextStream(0);

        var error = await Assert.ThrowsAsync<Handoff.SparkJob.SparkConnect.Errors.SparkConnectException>(() => client.SqlAsync("DELETE FROM `t`", CancellationToken.None));

        Assert.True(error.IsUnavailable);
        Assert.Contains($"gave up on 127.0.0.1:{server.Port} after 3 attempts over", error.Message, StringComparison.Ordinal);
    }

    private static SparkConnectClient Client(FakeSparkConnectServer server, RetryOptions? retry = null) =>
        new(SparkConnectionString.Parse(server.Remote), new SparkConnectClientOptions { Retry = retry ?? SparkRetries.Fast });

    private static class Plans
    {
        public static Relation Sql(string query) => Handoff.SparkJob.SparkConnect.Plans.SparkPlans.Sql(query);
    }
}
