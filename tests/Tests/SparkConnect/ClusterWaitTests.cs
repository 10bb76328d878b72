using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Handoff.Shared.Databricks;
using Handoff.Shared.Databricks.Auth;
using Handoff.Shared.Databricks.Clusters;
using Handoff.SparkJob.Cli;
using Handoff.SparkJob.Output;
using Handoff.SparkJob.SparkConnect.Client;
using Handoff.SparkJob.SparkConnect.Connection;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Fixtures.FakeDatabricks;
using Handoff.Tests.Fixtures.SparkConnect;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary>Before connecting to a Databricks cluster: its state from the Clusters API, a start when TERMINATED, the wait for RUNNING.</summary>
public sealed class ClusterWaitTests : IAsyncLifetime, IDisposable
{
    private const string ClusterId = "0123-456789-abcdefgh";
    private readonly TempFolder _temp = new();
    private readonly List<string> _lines = [];
    private FakeWorkspace _workspace = null!;

    public async Task InitializeAsync() => _workspace = await FakeWorkspace.StartAsync();

    public async Task DisposeAsync() => await _workspace.DisposeAsync();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_terminated_cluster_is_started_and_waited_for_with_each_state_shown()
    {
        _workspace.Clusters.Add(ClusterId, "TERMINATED");
        using var client = Client();

        var cluster = await client.Clusters.EnsureRunningAsync(ClusterId, Options(), CancellationToken.None);

        Assert.Equal("RUNNING", cluster.State);
        Assert.Equal(1, _workspace.Clusters.Get(ClusterId).Starts);
        Assert.Collection(
            _lines,
            l => Assert.StartsWith($"cluster {ClusterId} (etl): TERMINATED after 0.", l, StringComparison.Ordinal),
            l => Assert.Equal($"cluster {ClusterId} (etl) is TERMINATED; starting it (clusters/start)", l),
            l => Assert.StartsWith($"cluster {ClusterId} (etl): PENDING after ", l, StringComparison.Ordinal),
            l => Assert.EndsWith("Installing libraries", l, StringComparison.Ordinal),
            l => Assert.StartsWith($"cluster {ClusterId} (etl): RUNNING after ", l, StringComparison.Ordinal));
        var start = Assert.Single(_workspace.RequestsTo("POST /api/2.1/clusters/start"));
        Assert.Equal(ClusterId, start.Json["cluster_id"]!.GetValue<string>());
        Assert.All(_workspace.RequestsTo("GET /api/2.1/clusters/get"), r => Assert.Equal($"?cluster_id={ClusterId}", r.Query));
    }

    [Fact]
    public async Task A_running_cluster_is_neither_started_nor_waited_for()
    {
        _workspace.Clusters.Add(ClusterId, "RUNNING");
        using var client = Client();

        await client.Clusters.EnsureRunningAsync(ClusterId, Options(), CancellationToken.None);

        Assert.Single(_workspace.RequestsTo("GET /api/2.1/clusters/get"));
        Assert.Empty(_workspace.RequestsTo("POST /api/2.1/clusters/start"));
    }

    [Fact]
    public async Task A_cluster_that_stays_pending_past_the_wait_fails_naming_its_state_and_the_time()
    {
        var cluster = _workspace.Clusters.Add(ClusterId, "PENDING");
        cluster.StateMessage = "Waiting for cloud capacity";
        var clock = new FakeClock();
        using var client = Client();

        var error = await Assert.ThrowsAsync<ClusterNotReadyException>(() => client.Clusters.EnsureRunningAsync(ClusterId, Options(TimeSpan.FromMinutes(20)) with { TimeProvider = clock, PollInterval = _ => TimeSpan.FromSeconds(10) }, CancellationToken.None));

        Assert.Equal("CLUSTER_WAIT_TIMEOUT", error.ErrorCode);
        Assert.Equal($"cluster {ClusterId} is still PENDING after waiting 20 min for it to run: Waiting for cloud capacity", error.Message);
        Assert.Equal(4, SparkJobErrors.Classify(error));
    }

    [Fact]
    public async Task A_cluster_that_terminates_again_after_the_start_fails_with_its_termination_reason()
    {
        var cluster = _workspace.Clusters.Add(ClusterId, "TERMINATED");
        cluster.AfterStart.Enqueue(("PENDING", null));
        cluster.AfterStart.Enqueue(("TERMINATED", "Cloud provider quota exceeded"));
        cluster.TerminationReason = new JsonObject { ["code"] = "CLOUD_PROVIDER_RESOURCE_STOCKOUT", ["type"] = "CLOUD_FAILURE" };
        using var client = Client();

        var error = await Assert.ThrowsAsync<ClusterNotReadyException>(() => client.Clusters.EnsureRunningAsync(ClusterId, Options(), CancellationToken.None));

        Assert.Equal("CLUSTER_TERMINATED", error.ErrorCode);
        Assert.Contains("Cloud provider quota exceeded; termination reason CLOUD_PROVIDER_RESOURCE_STOCKOUT (CLOUD_FAILURE)", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, cluster.Starts);
    }

    [Fact]
    public async Task A_start_refused_with_invalid_state_because_someone_else_started_it_is_not_an_error()
    {
        _workspace.Clusters.Add(ClusterId, "TERMINATED");
        _workspace.Faults.Add("POST", "/api/2.1/clusters/start", new FakeFault.ApiError(400, "INVALID_STATE", $"Cluster {ClusterId} is in unexpected state Pending."));
        using var client = Client();

        var cluster = await client.Clusters.EnsureRunningAsync(ClusterId, Options(), CancellationToken.None);

        Assert.Equal("RUNNING", cluster.State);
        Assert.Equal(2, _workspace.RequestsTo("POST /api/2.1/clusters/start").Count);
    }

    [Fact]
    public async Task A_load_on_a_terminated_cluster_starts_it_shows_its_states_then_loads()
    {
        _workspace.Clusters.Add(ClusterId, "TERMINATED");
        await using var spark = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark4(), tls: true);
        var manifest = await SparkCli.ExportAsync(_temp.Combine("exports"), "e1", "parquet", 10);

        var load = await SparkCli.RunAsync(Databricks(spark), "load", "--engine", "spark", "--cluster-id", ClusterId, "--manifest", manifest, "--table", "main.sales.customers", "--json");

        Assert.True(load.ExitCode == 0, load.ToString());
        var lines = load.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"cluster {ClusterId} (etl): TERMINATED after 0.", lines[0], StringComparison.Ordinal);
        Assert.Equal($"cluster {ClusterId} (etl) is TERMINATED; starting it (clusters/start)", lines[1]);
        Assert.StartsWith($"cluster {ClusterId} (etl): RUNNING after ", lines[^1], StringComparison.Ordinal);
        Assert.True(load.Json().GetProperty("passed").GetBoolean());
        Assert.All(spark.Calls, c => Assert.Equal(ClusterId, c.Headers["x-databricks-cluster-id"]));
        Assert.All(_workspace.Requests, r => Assert.Equal("Bearer " + _workspace.Token, r.Authorization));
    }

    [Fact]
    public async Task Verbose_logs_the_clusters_api_requests_without_the_token()
    {
        _workspace.Clusters.Add(ClusterId, "RUNNING");
        await using var spark = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark4(), tls: true);
        var manifest = await SparkCli.ExportAsync(_temp.Combine("exports"), "e1", "parquet", 10);

        var quiet = await SparkCli.RunAsync(Databricks(spark), "load", "--engine", "spark", "--cluster-id", ClusterId, "--manifest", manifest, "--table", "t1");
        var verbose = await SparkCli.RunAsync(Databricks(spark), "load", "--engine", "spark", "--cluster-id", ClusterId, "--manifest", manifest, "--table", "t2", "--verbose");

        Assert.True(verbose.ExitCode == 0, verbose.ToString());
        Assert.DoesNotContain("databricks: > GET", quiet.Error, StringComparison.Ordinal);
        Assert.Contains("databricks: > GET /api/2.1/clusters/get", verbose.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_workspace.Token, verbose.Error + verbose.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_the_workspace_does_not_know_exits_2_before_anything_is_sent_to_spark()
    {
        await using var spark = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark4(), tls: true);
        var manifest = await SparkCli.ExportAsync(_temp.Combine("exports"), "e1", "parquet", 10);

        var load = await SparkCli.RunAsync(Databricks(spark), "load", "--engine", "spark", "--cluster-id", ClusterId, "--manifest", manifest, "--table", "t");

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Contains($"Cluster {ClusterId} does not exist", load.Error, StringComparison.Ordinal);
        Assert.Empty(spark.Calls);
    }

    [Fact]
    public async Task Cluster_wait_0_skips_the_clusters_api()
    {
        await using var spark = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark4(), tls: true);
        var manifest = await SparkCli.ExportAsync(_temp.Combine("exports"), "e1", "parquet", 10);

        var load = await SparkCli.RunAsync(Databricks(spark), "load", "--engine", "spark", "--cluster-id", ClusterId, "--cluster-wait", "0", "--manifest", manifest, "--table", "t");

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Empty(_workspace.Requests);
    }

    [Fact]
    public void Only_a_connection_to_a_databricks_cluster_with_a_token_has_a_cluster_to_wait_for()
    {
        var cluster = ClusterReadiness.TargetOf(SparkConnectionString.Parse($"sc://adb-1.2.azuredatabricks.net:443/;token=dapi-x;x-databricks-cluster-id={ClusterId}"));

        Assert.Equal(new Uri("https://adb-1.2.azuredatabricks.net/"), cluster!.Workspace);
        Assert.Equal(ClusterId, cluster.ClusterId);
        Assert.DoesNotContain("dapi-x", cluster.ToString(), StringComparison.Ordinal);
        Assert.Null(ClusterReadiness.TargetOf(SparkConnectionString.Parse("sc://adb-1.2.azuredatabricks.net:443/;token=dapi-x;x-databricks-session-id=00112233-4455-6677-8899-aabbccddeeff")));
        Assert.Null(ClusterReadiness.TargetOf(SparkConnectionString.Parse($"sc://localhost:15002/;x-databricks-cluster-id={ClusterId}")));
    }

    private DatabricksClient Client() => new(_workspace.Host, new PersonalAccessTokenCredential(_workspace.Token));

    private ClusterStartupOptions Options(TimeSpan? timeout = null) => new()
    {
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
        PollInterval = _ => TimeSpan.FromMilliseconds(5),
        OnProgress = p => _lines.Add(p.Describe()),
    };

    /// <summary>
    /// spark-job pointed at "https://adb-1.2.azuredatabricks.net" with DATABRICKS_HOST and DATABRICKS_TOKEN:
    /// the Clusters API calls reach the fake workspace and the Spark Connect channel (port 443, TLS)
    /// reaches the fake Spark server, whose self-signed certificate this client trusts.
    /// </summary>
    private SparkJobEnvironment Databricks(FakeSparkConnectServer spark)
    {
        var variables = new Dictionary<string, string> { ["DATABRICKS_HOST"] = "https://adb-1.2.azuredatabricks.net", ["DATABRICKS_TOKEN"] = _workspace.Token, ["HOME"] = _temp.Combine("home") };
        var environment = SparkCli.Environment(variables);
        var sparkHandler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, spark.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == spark.Certificate!.GetCertHashString() },
        };
        return environment with
        {
            SparkClient = environment.SparkClient with { HttpHandler = sparkHandler },
            Databricks = new DatabricksClientOptions { Product = "handoff-spark-job", Transport = new ToFakeWorkspace(_workspace.Host) },
            ClusterStartup = new ClusterStartupOptions { PollInterval = _ => TimeSpan.FromMilliseconds(5) },
        };
    }

    /// <summary>Sends every request to the fake workspace, whatever host it names.</summary>
    private sealed class ToFakeWorkspace(Uri workspace) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(workspace, request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
