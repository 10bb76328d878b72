using System.Text.RegularExpressions;
using Grpc.Core;
using Handoff.SparkJob.SparkConnect.Client;
using Handoff.SparkJob.SparkConnect.Connection;
using Handoff.SparkJob.SparkConnect.Errors;
using Handoff.SparkJob.SparkConnect.Plans;
using Handoff.Tests.Fixtures.SparkConnect;
using Spark.Connect;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary>The client against the fake server: identity, headers, TLS and token rules, results, errors, retries and reattach.</summary>
public sealed partial class SparkConnectClientTests
{
    [Fact]
    public async Task Every_request_carries_the_session_user_context_client_type_and_connection_headers()
    {
        await using var server = await FakeSparkConnectServer.StartAsync();
        using var client = TestClient.For(server.Remote + ";user_id=ana;x-databricks-cluster-id=0101-abc");

        await client.SetConfAsync([new("spark.sql.ansi.enabled", "true")], CancellationToken.None);
        await client.SqlAsync("CREATE TABLE IF NOT EXISTS `t` (`id` BIGINT) USING DELTA", CancellationToken.None);
        await client.SchemaAsync(SparkPlans.Sql("SELECT * FROM `t`"), CancellationToken.None);

        Assert.True(Guid.TryParseExact(client.SessionId, "D", out _));
        var calls = server.Calls;
        Assert.Contains(calls, c => c.Method == "Config");
        Assert.Contains(calls, c => c.Method == "ExecutePlan");
        Assert.Contains(calls, c => c.Method == "AnalyzePlan");
        Assert.Contains(calls, c => c.Method == "ReleaseExecute");
        foreach (var call in calls)
        {
            dynamic request = call.Request;
            Assert.Equal(client.SessionId, (string)request.SessionId);
            Assert.Equal("ana", (string)request.UserContext.UserId);
            Assert.Matches(ClientTypePattern(), (string)request.ClientType);
            Assert.Equal("0101-abc", call.Headers["x-databricks-cluster-id"]);
            Assert.False(call.Headers.ContainsKey("authorization"));
            Assert.False(call.Tls);
        }

        var execute = server.Requests<ExecutePlanRequest>("ExecutePlan").Single();
        Assert.True(Guid.TryParseExact(execute.OperationId, "D", out _));
        Assert.True(execute.RequestOptions.Single().ReattachOptions.Reattachable);
        Assert.Equal(execute.OperationId, server.Requests<ReleaseExecuteRequest>("ReleaseExecute").Single(r => r.ReleaseAll is not null).OperationId);
    }

    [Fact]
    public async Task Two_clients_have_two_sessions_and_a_fixed_session_id_is_used_as_given()
    {
        await using var server = await FakeSparkConnectServer.StartAsync();
        using var first = TestClient.For(server.Remote);
        using var second = TestClient.For(server.Remote);
        using var fixedSession = TestClient.For(server.Remote + ";session_id=00112233-4455-6677-8899-aabbccddeeff");

        Assert.NotEqual(first.SessionId, second.SessionId);
        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff", fixedSession.SessionId);
        await fixedSession.SparkVersionAsync(CancellationToken.None);
        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff", server.Requests<AnalyzePlanRequest>("AnalyzePlan").Single().SessionId);
    }

    [Fact]
    public async Task A_token_goes_over_tls_as_a_bearer_header()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(tls: true);
        using var client = TestClient.For($"sc://127.0.0.1:{server.Port}/;token=dapi-s3cr3t", TrustOnly(server));

        var version = await client.SparkVersionAsync(CancellationToken.None);

        Assert.Equal(server.Profile.SparkVersion, version);
        var call = server.Calls.Single();
        Assert.True(call.Tls);
        Assert.Equal("Bearer dapi-s3cr3t", call.Headers["authorization"]);
    }

    [Fact]
    public async Task An_untrusted_server_certificate_is_refused()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(tls: true);
        using var client = TestClient.For($"sc://127.0.0.1:{server.Port}/;token=dapi-s3cr3t");

        var error = await Assert.ThrowsAsync<SparkConnectException>(() => client.SparkVersionAsync(CancellationToken.None));

        Assert.DoesNotContain("dapi-s3cr3t", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Calls);
    }

    [Fact]
    public void A_connection_with_a_token_but_no_tls_is_refused_by_the_client()
    {
        var plainWithToken = new SparkConnectionString { Host = "127.0.0.1", Token = "dapi-s3cr3t", UseSsl = false };

        var error = Assert.Throws<SparkConnectionStringException>(() => new SparkConnectClient(plainWithToken));

        Assert.Equal("token", error.Part);
    }

    [Fact]
    public async Task Config_sets_reads_and_unsets_session_confs()
    {
        await using var server = await FakeSparkConnectServer.StartAsync();
        using var client = TestClient.For(server.Remote);

        await client.SetConfAsync([new("a.b", "1"), new("c.d", "two")], CancellationToken.None);
        var set = await client.GetConfAsync(["a.b", "c.d", "e.f"], CancellationToken.None);
        await client.UnsetConfAsync(["a.b"], CancellationToken.None);
        var unset = await client.GetConfAsync(["a.b"], CancellationToken.None);

        Assert.Equal("1", set["a.b"]);
        Assert.Equal("two", set["c.d"]);
        Assert.Null(set["e.f"]);
        Assert.Null(unset["a.b"]);
    }

    [Fact]
    public async Task Rows_decode_from_arrow_batches_including_maps_and_timestamps()
    {
        await using var server = await FakeSparkConnectServer.StartAsync();
        using var client = TestClient.For(server.Remote);
        await client.SqlAsync("CREATE TABLE IF NOT EXISTS `t` (`id` BIGINT NOT NULL) USING DELTA", CancellationToken.None);
        await client.SqlAsync("DELETE FROM `t`", CancellationToken.None);

        var rows = await client.QueryAsync(SparkPlans.Sql("DESCRIBE HISTORY `t`"), CancellationToken.None).ToListAsync();

        Assert.Equal([1L, 0L], rows.Select(r => r.GetInt64("version")));
        Assert.Equal(["DELETE", "CREATE TABLE"], rows.Select(r => r.GetString("operation")));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddHours(1), rows[0]["timestamp"]);
        Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(rows[0]["operationMetrics"]);
        var schema = await client.SchemaAsync(SparkPlans.Sql("SELECT * FROM `t`"), CancellationToken.None);
        Assert.Equal([new Handoff.SparkJob.SparkConnect.Results.SparkColumn("id", "long", false)], schema);
    }

    [Fact]
    public async Task A_spark_error_surfaces_with_its_error_class_and_sqlstate()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark4());
        using var client = TestClient.For(server.Remote);

        var error = await Assert.ThrowsAsync<SparkConnectException>(() => client.QueryAsync(SparkPlans.Sql("DESCRIBE HISTORY `missing`"), CancellationToken.None).ToListAsync().AsTask());

        Assert.Equal("TABLE_OR_VIEW_NOT_FOUND", error.ErrorClass);
        Assert.Equal("42P01", error.SqlState);
        Assert.Equal(StatusCode.Internal, error.Status);
        Assert.Contains("org.apache.spark.sql.AnalysisException", error.ExceptionClasses);
        Assert.StartsWith("Spark ExecutePlan failed [TABLE_OR_VIEW_NOT_FOUND] (SQLSTATE 42P01):", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registered_secrets_never_appear_in_error_messages()
    {
        await using var server = await FakeSparkConnectServer.StartAsync();
        using var client = TestClient.For(server.Remote);
        client.Secrets.Add("account-key-value");
        server.Faults.FailStatement("CREATE", FakeSparkErrors.Spark("INVALID_CONF_VALUE", "22022", "the value 'account-key-value' is not valid"));

        var error = await Assert.ThrowsAsync<SparkConnectException>(() => client.SqlAsync("CREATE TABLE IF NOT EXISTS `t` (`id` BIGINT) USING DELTA", CancellationToken.None));

        Assert.DoesNotContain("account-key-value", error.Message, StringComparison.Ordinal);
        Assert.Contains("***", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unavailable_is_retried_with_backoff()
    {
        await using var server = await FakeSparkConnectServer.StartAsync();
        using var client = TestClient.For(server.Remote);
        server.Faults.FailNext("Config", 2);

        await client.SetConfAsync([new("a", "1")], CancellationToken.None);

        Assert.Equal(3, server.Calls.Count(c => c.Method == "Config"));
    }

    [Fact]
    public async Task Unavailable_beyond_the_retry_budget_is_a_typed_unavailable_error()
    {
        await using var server = await FakeSparkConnectServer.StartAsync();
        using var client = TestClient.For(server.Remote);
        server.Faults.FailNext("AnalyzePlan", 10);

        var error = await Assert.ThrowsAsync<SparkConnectException>(() => client.SparkVersionAsync(CancellationToken.None));

        Assert.True(error.IsUnavailable);
        Assert.Equal(StatusCode.Unavailable, error.Status);
        Assert.Equal(1 + SparkRetries.Fast.MaxRetries, server.Calls.Count(c => c.Method == "AnalyzePlan"));
    }

    [Theory]
    [InlineData(StreamBreak.Unavailable)]
    [InlineData(StreamBreak.EndWithoutResultComplete)]
    public async Task A_stream_that_breaks_mid_way_continues_with_reattach_from_the_last_response(StreamBreak how)
    {
        await using var server = await FakeSparkConnectServer.StartAsync();
        using var client = TestClient.For(server.Remote);
        await client.SqlAsync("CREATE TABLE IF NOT EXISTS `t` (`id` BIGINT) USING DELTA", CancellationToken.None);
        await client.SqlAsync("DELETE FROM `t`", CancellationToken.None);
        await client.SqlAsync("DELETE FROM `t`", CancellationToken.None);
        server.Faults.BreakNextStream(responses: 1, how);

        var rows = await client.QueryAsync(SparkPlans.Sql("DESCRIBE HISTORY `t`"), CancellationToken.None).ToListAsync();

        Assert.Equal([2L, 1L, 0L], rows.Select(r => r.GetInt64("version")));
        var execute = server.Requests<ExecutePlanRequest>("ExecutePlan").Last();
        var reattach = server.Requests<ReattachExecuteRequest>("ReattachExecute").Single();
        Assert.Equal(execute.OperationId, reattach.OperationId);
        Assert.True(reattach.HasLastResponseId);
        Assert.Equal(execute.OperationId, server.Requests<ReleaseExecuteRequest>("ReleaseExecute").Last().OperationId);
    }

    [Fact]
    public async Task A_write_whose_stream_breaks_is_reattached_and_never_executed_twice()
    {
        await using var server = await FakeSparkConnectServer.StartAsync();
        using var client = TestClient.For(server.Remote);
        await client.SqlAsync("CREATE TABLE IF NOT EXISTS `t` (`id` BIGINT) USING DELTA", CancellationToken.None);
        server.Faults.BreakNextStream(responses: 0);

        await client.SqlAsync("DELETE FROM `t`", CancellationToken.None);

        Assert.Equal(2, server.Spark.Table("t")!.Commits.Count);
        Assert.Equal(2, server.Requests<ExecutePlanRequest>("ExecutePlan").Count);
        Assert.Single(server.Requests<ReattachExecuteRequest>("ReattachExecute"));
    }

    [Fact]
    public async Task An_execute_plan_that_never_reached_the_server_is_sent_again_once_the_server_says_so()
    {
        await using var server = await FakeSparkConnectServer.StartAsync();
        using var client = TestClient.For(server.Remote);
        await client.SqlAsync("CREATE TABLE IF NOT EXISTS `t` (`id` BIGINT) USING DELTA", CancellationToken.None);
        server.Faults.FailNext("ExecutePlan");

        await client.SqlAsync("DELETE FROM `t`", CancellationToken.None);

        var executes = server.Requests<ExecutePlanRequest>("ExecutePlan");
        Assert.Equal(3, executes.Count);
        Assert.Equal(executes[1].OperationId, executes[2].OperationId);
        Assert.Equal(executes[1].OperationId, server.Requests<ReattachExecuteRequest>("ReattachExecute").Single().OperationId);
        Assert.Equal(2, server.Spark.Table("t")!.Commits.Count);
    }

    [Fact]
    public async Task A_cancelled_statement_is_released_so_the_server_stops_it_and_nothing_is_committed()
    {
        await using var server = await FakeSparkConnectServer.StartAsync();
        using var client = TestClient.For(server.Remote);
        await client.SqlAsync("CREATE TABLE IF NOT EXISTS `t` (`id` BIGINT) USING DELTA", CancellationToken.None);
        var held = server.Faults.HoldStatement("DELETE FROM");
        using var cancel = new CancellationTokenSource();

        var delete = client.SqlAsync("DELETE FROM `t`", cancel.Token);
        await held.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delete);
        Assert.Equal(HeldOutcome.Released, await held.Settled.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Single(server.Spark.Table("t")!.Commits);
        var release = server.Requests<ReleaseExecuteRequest>("ReleaseExecute").Last();
        Assert.Equal(server.Requests<ExecutePlanRequest>("ExecutePlan").Last().OperationId, release.OperationId);
        Assert.NotNull(release.ReleaseAll);
    }

    private static SparkConnectClientOptions TrustOnly(FakeSparkConnectServer server) => new()
    {
        ServerCertificateValidation = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == server.Certificate!.GetCertHashString(),
    };

    [GeneratedRegex(@"^handoff-spark-job/\S+ dotnet/\d+\.\d+\.\d+")]
    private static partial Regex ClientTypePattern();
}
