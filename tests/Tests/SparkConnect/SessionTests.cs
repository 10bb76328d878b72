using Handoff.SparkJob.SparkConnect.Client;
using Handoff.SparkJob.SparkConnect.Errors;
using Handoff.Tests.Fixtures.SparkConnect;
using Handoff.Tests.Support;
using Spark.Connect;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary>The server-side session: recorded, sent back, a restart stops the job, and the session is released at the end.</summary>
public sealed class SessionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_first_server_side_session_id_is_sent_back_on_every_later_request()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark4());
        using var client = TestClient.For(server.Remote);

        await client.SparkVersionAsync(CancellationToken.None);
        await client.SetConfAsync([new("a", "1")], CancellationToken.None);
        await client.SqlAsync("CREATE TABLE IF NOT EXISTS `t` (`id` BIGINT) USING DELTA", CancellationToken.None);

        var serverSide = server.Sessions.Find(client.SessionId)!.ServerSideId;
        Assert.Equal(serverSide, client.Session.Observed);
        Assert.False(server.Requests<AnalyzePlanRequest>("AnalyzePlan").Single().HasClientObservedServerSideSessionId);
        Assert.Equal(serverSide, server.Requests<ConfigRequest>("Config").Single().ClientObservedServerSideSessionId);
        Assert.Equal(serverSide, server.Requests<ExecutePlanRequest>("ExecutePlan").Single().ClientObservedServerSideSessionId);
        Assert.All(server.Requests<ReleaseExecuteRequest>("ReleaseExecute"), r => Assert.Equal(serverSide, r.ClientObservedServerSideSessionId));
    }

    [Fact]
    public async Task A_restart_mid_load_stops_the_job_and_nothing_is_committed_after_it()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark4());
        var manifest = await SparkCli.ExportAsync(_temp.Combine("exports"), "e1", "parquet", 10);
        server.Faults.RestartBeforeNextWrite();

        var load = await SparkCli.RunAsync("load", "--engine", "spark", "--remote", server.Remote, "--manifest", manifest, "--table", "t", "--json");

        Assert.True(load.ExitCode == 4, load.ToString());
        Assert.Contains("the Spark session was restarted; the job's settings were lost", load.Json().GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, server.Sessions.Restarts);
        Assert.Equal(["CREATE TABLE"], server.Spark.Table("t")!.Commits.Select(c => c.Operation));
        Assert.DoesNotContain(server.ExecutedPlans, p => p.Command?.WriteOperation is not null);
        Assert.Null(server.Spark.Table("t_validation"));

        // The refused write is the last thing sent: no unset of confs, no history row, no release into the new session.
        var calls = server.Calls;
        var write = calls.ToList().FindIndex(c => c.Request is ExecutePlanRequest { Plan.Command.WriteOperation: not null });
        Assert.Equal(calls.Count - 1, write);
    }

    [Fact]
    public async Task A_changed_server_side_session_id_in_a_response_closes_the_session_for_good()
    {
        var session = new ServerSession("00112233-4455-6677-8899-aabbccddeeff");
        session.Observe(session.SessionId, "aaaaaaaa-0000-0000-0000-000000000001");

        var changed = Assert.Throws<SparkConnectException>(() => session.Observe(session.SessionId, "aaaaaaaa-0000-0000-0000-000000000002"));
        var later = Assert.Throws<SparkConnectException>(session.ThrowIfClosed);

        Assert.True(changed.IsSessionChanged);
        Assert.Contains("from aaaaaaaa-0000-0000-0000-000000000001 to aaaaaaaa-0000-0000-0000-000000000002", changed.Message, StringComparison.Ordinal);
        Assert.Equal(changed.Message, later.Message);
        Assert.Equal(4, Handoff.SparkJob.Output.SparkJobErrors.Classify(changed));
        await Task.CompletedTask;
    }

    [Fact]
    public void A_response_for_another_session_is_refused()
    {
        var session = new ServerSession("00112233-4455-6677-8899-aabbccddeeff");

        var error = Assert.Throws<SparkConnectException>(() => session.Observe("99999999-4455-6677-8899-aabbccddeeff", string.Empty));

        Assert.Contains("not for this client's session", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_load_releases_its_session_at_the_end_on_spark_4()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark4());
        var manifest = await SparkCli.ExportAsync(_temp.Combine("exports"), "e1", "parquet", 10);

        var load = await SparkCli.RunAsync("load", "--engine", "spark", "--remote", server.Remote, "--manifest", manifest, "--table", "t");

        Assert.True(load.ExitCode == 0, load.ToString());
        var last = server.Calls[^1];
        Assert.Equal("ReleaseSession", last.Method);
        var release = (ReleaseSessionRequest)last.Request;
        Assert.Contains(release.SessionId, server.Sessions.Released);
        Assert.False(release.AllowReconnect);
    }

    [Fact]
    public async Task A_spark_35_server_without_release_session_is_no_error()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark35() with { PingPermitInterval = null });
        var client = TestClient.For(server.Remote);
        await client.SparkVersionAsync(CancellationToken.None);

        await client.DisposeAsync();

        Assert.Equal("ReleaseSession", server.Calls[^1].Method);
        Assert.Empty(server.Sessions.Released);
    }
}
