using System.CommandLine;
using Handoff.Shared.Cli;
using Handoff.Shared.Progress;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Engines;
using Handoff.SparkJob.Engines.Embedded;
using Handoff.SparkJob.Engines.Spark;
using Handoff.SparkJob.History;
using Handoff.SparkJob.Job;
using Handoff.SparkJob.SparkConnect.Client;
using Handoff.SparkJob.SparkConnect.Connection;

namespace Handoff.SparkJob.Cli;

/// <summary>
/// --engine and, for --engine spark, where Spark is (--remote, or the Databricks options) and how
/// the client waits for it (--connect-timeout, --cluster-wait, --keepalive-interval). Opens the
/// engine and the validation history the run uses.
/// </summary>
internal sealed class EngineArguments
{
    public const string Embedded = "embedded";
    public const string Spark = "spark";

    public EngineArguments()
    {
        Engine.AcceptOnlyFromAmong(Embedded, Spark);
    }

    public Option<string> Engine { get; } = new("--engine")
    {
        Description = "embedded (pure .NET, no cluster; default) or spark (Spark SQL over Spark Connect: a local Spark, a Databricks cluster or serverless).",
        HelpName = "embedded|spark",
        DefaultValueFactory = _ => Embedded,
    };

    public Option<string?> Remote { get; } = new("--remote") { Description = "--engine spark: the Spark Connect endpoint, sc://host:port/;param=value (default: $SPARK_REMOTE, then Databricks settings). A token in it implies TLS; prefer SPARK_REMOTE for tokens, as flags are visible in the process list.", HelpName = "SC_URL" };

    public Option<string?> DatabricksHost { get; } = new("--host") { Description = "--engine spark on Databricks: the workspace URL (default: $DATABRICKS_HOST or the profile's host). Credentials come from the environment (DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID/SECRET, ARM_*) or the profile, as the Databricks CLI resolves them.", HelpName = "URL" };

    /// <summary>The old spelling of --host, kept so that existing scripts still work; not shown in help.</summary>
    public Option<string?> DatabricksHostAlias { get; } = new("--databricks-host") { Description = "Old spelling of --host.", HelpName = "URL", Hidden = true };

    public Option<string?> ClusterId { get; } = new("--cluster-id") { Description = "--engine spark on Databricks: the cluster to run on (default: $DATABRICKS_CLUSTER_ID or the profile's cluster_id).", HelpName = "ID" };

    public Option<bool> Serverless { get; } = new("--serverless") { Description = "--engine spark on Databricks: run on serverless compute instead of a cluster." };

    public Option<string?> Profile { get; } = new("--profile") { Description = "--engine spark on Databricks: the ~/.databrickscfg profile (default: $DATABRICKS_CONFIG_PROFILE, else [__settings__] default_profile, else DEFAULT), resolved as for exporter submit.", HelpName = "NAME" };

    public Option<string?> ConnectTimeout { get; } = new("--connect-timeout")
    {
        Description = "--engine spark: how long a call that cannot reach Spark (UNAVAILABLE, a broken stream) is retried before the job gives up with exit 4: waits of 50 ms, then 4 times longer each time up to 60 s, as PySpark's client. From the second retry on, each retry prints a line on stderr. A duration: 600 (seconds; the default), 90s, 10m.",
        HelpName = "DURATION",
    };

    public Option<string?> ClusterWait { get; } = new("--cluster-wait")
    {
        Description = "--engine spark on a Databricks cluster: before connecting, ask the Clusters API for the cluster's state, start it when TERMINATED, and wait up to this long for RUNNING, printing each state on stderr (default 20m; 0 skips the check). Serverless needs no wait.",
        HelpName = "DURATION",
    };

    public Option<string?> KeepAliveInterval { get; } = new("--keepalive-interval")
    {
        Description = "--engine spark: send an HTTP/2 keepalive ping this often while a call is open (default: none, as PySpark). At least 5m: Spark's gRPC server permits one ping per 5 minutes and closes the connection of a client that pings more often (GOAWAY too_many_pings), which would cut off a long, silent command. Use it when a proxy drops idle connections sooner than your longest command.",
        HelpName = "DURATION",
    };

    public IEnumerable<Option> All => [Engine, Remote, DatabricksHost, DatabricksHostAlias, ClusterId, Serverless, Profile, ConnectTimeout, ClusterWait, KeepAliveInterval];

    /// <summary>The least keepalive interval Spark's server accepts: grpc-java NettyServerBuilder's default permitKeepAliveTime.</summary>
    public static readonly TimeSpan MinKeepAliveInterval = TimeSpan.FromMinutes(5);

    public bool IsSpark(ParseResult parse) => parse.GetValue(Engine) == Spark;

    /// <summary>The engine and history for the run; dispose it to close the Spark session. Waits and retries are reported on <paramref name="console"/>'s stderr.</summary>
    public Task<EngineSession> OpenAsync(ParseResult parse, TableArguments table, ExportReference export, SparkJobEnvironment environment, CliConsole console, CancellationToken cancellationToken, IWorkProgress? progress = null) =>
        OpenAsync(parse, table, [export.Folder.Root], environment, console, cancellationToken, progress);

    /// <summary>As above, for a run that reads no export (vacuum), or reads <paramref name="otherLocations"/> besides the table.</summary>
    /// <param name="progress">Where the wait for a Databricks cluster shows as a step (null: only its state lines).</param>
    public async Task<EngineSession> OpenAsync(ParseResult parse, TableArguments table, IEnumerable<StorageLocation> otherLocations, SparkJobEnvironment environment, CliConsole console, CancellationToken cancellationToken, IWorkProgress? progress = null)
    {
        var databricks = Databricks(parse);
        if (!IsSpark(parse))
        {
            if (parse.GetValue(Remote) is not null || databricks.Any)
            {
                throw new UsageException("--remote and the Databricks options apply to --engine spark only");
            }

            if (new Option[] { ConnectTimeout, ClusterWait, KeepAliveInterval }.FirstOrDefault(o => parse.GetResult(o) is not null) is { } sparkOnly)
            {
                throw new UsageException($"{sparkOnly.Name} applies to --engine spark only");
            }

            var tableStore = table.OpenTable(parse, out var tableLocation);
            return new EngineSession(new EmbeddedEngine(tableStore), new ValidationHistory(table.OpenHistory(parse, tableLocation)), new EmbeddedVacuum(tableStore, TimeProvider.System), null);
        }

        var target = SparkTableRef.Parse(parse.GetValue(table.Table)!);
        var history = parse.GetValue(table.History) is { } historyText ? SparkTableRef.Parse(historyText) : SparkValidationHistory.TableFor(target);
        var connection = await ResolveEndpointAsync(parse, databricks, environment, cancellationToken);
        var locations = otherLocations.Cast<StorageLocation?>().Append(target.Storage).Append(history.Storage).OfType<StorageLocation>();
        var storage = StorageAccessConfs.For(locations, table.Storage.Build(parse), environment.GetVariable);
        var client = new SparkConnectClient(connection, ClientOptions(parse, connection, environment, console, progress ?? NoProgress.Instance));
        return new EngineSession(new SparkEngine(client, target, storage), new SparkValidationHistory(client, history), new SparkVacuum(client, target, storage, TimeProvider.System), client);
    }

    /// <summary>The Spark Connect endpoint, with the library's refusal said in terms of this program's options.</summary>
    private async Task<SparkConnectionString> ResolveEndpointAsync(ParseResult parse, DatabricksInputs databricks, SparkJobEnvironment environment, CancellationToken cancellationToken)
    {
        try
        {
            return await SparkRemote.ResolveAsync(parse.GetValue(Remote), databricks, environment.GetVariable, Guid.NewGuid(), cancellationToken);
        }
        catch (SparkEndpointException error)
        {
            throw new UsageException(error.Problem switch
            {
                SparkEndpointProblem.UrlAndDatabricks => "--remote and the Databricks options (--host, --cluster-id, --serverless, --profile) exclude each other",
                _ => $"--engine spark needs a Spark Connect endpoint: pass --remote sc://host:15002, set {SparkRemote.Variable}, or configure Databricks (--host with --cluster-id or --serverless, DATABRICKS_HOST/DATABRICKS_TOKEN, or ~/.databrickscfg)",
            });
        }
    }

    private SparkConnectClientOptions ClientOptions(ParseResult parse, SparkConnectionString connection, SparkJobEnvironment environment, CliConsole console, IWorkProgress progress)
    {
        var options = environment.SparkClient;
        var budget = DurationArgument.Parse(parse.GetValue(ConnectTimeout), ConnectTimeout.Name) ?? options.Retry.Budget;
        var keepAlive = DurationArgument.Parse(parse.GetValue(KeepAliveInterval), KeepAliveInterval.Name);
        if (keepAlive < MinKeepAliveInterval)
        {
            throw new UsageException($"{KeepAliveInterval.Name} '{parse.GetValue(KeepAliveInterval)}' is under 5m: Spark's gRPC server (grpc-java) permits one keepalive ping per 5 minutes and answers more frequent pings with GOAWAY too_many_pings, closing the connection");
        }

        var clusterWait = parse.GetValue(ClusterWait) is { } waitText && waitText.Trim() == "0"
            ? TimeSpan.Zero
            : DurationArgument.Parse(parse.GetValue(ClusterWait), ClusterWait.Name) ?? environment.ClusterStartup.Timeout;
        var startup = environment.ClusterStartup with { Timeout = clusterWait, OnProgress = progress => console.Error.WriteLine(progress.Describe()) };
        return options with
        {
            Retry = options.Retry with { Budget = budget },
            KeepAliveInterval = keepAlive ?? options.KeepAliveInterval,

            // The first retry is often a blip; from the second on a person should see what is happening.
            OnRetry = retry =>
            {
                if (retry.Attempt > 1)
                {
                    console.Error.WriteLine(retry.Describe());
                }
            },
            BeforeFirstCall = clusterWait > TimeSpan.Zero && ClusterReadiness.Step(connection, startup, DatabricksOptions(parse, environment, console)) is { } ready
                ? async cancellationToken =>
                {
                    using var waiting = progress.Start("checking that the cluster is running");
                    await ready(cancellationToken);
                }
                : null,
        };
    }

    /// <summary>The Clusters API client's options; with --verbose its requests and responses are logged (redacted).</summary>
    private static Shared.Databricks.DatabricksClientOptions DatabricksOptions(ParseResult parse, SparkJobEnvironment environment, CliConsole console) =>
        CommonOptions.Verbose(parse)
            ? environment.Databricks.WithLogger(new CliLogger(console.Error, Microsoft.Extensions.Logging.LogLevel.Debug))
            : environment.Databricks;

    private DatabricksInputs Databricks(ParseResult parse) => new()
    {
        Host = parse.GetValue(DatabricksHost) ?? parse.GetValue(DatabricksHostAlias),
        ClusterId = parse.GetValue(ClusterId),
        Serverless = parse.GetValue(Serverless),
        Profile = parse.GetValue(Profile),
        HostSource = parse.GetValue(DatabricksHost) is null && parse.GetValue(DatabricksHostAlias) is not null ? DatabricksHostAlias.Name : DatabricksHost.Name,
        ProfileSource = Profile.Name,
    };
}

/// <summary>An opened engine with its history and vacuum; owns the Spark session, if any, and releases it on the server when disposed.</summary>
internal sealed class EngineSession(ITableEngine engine, IValidationHistory history, ITableVacuum vacuum, IAsyncDisposable? owned) : IAsyncDisposable
{
    public ITableEngine Engine => engine;

    public IValidationHistory History => history;

    public ITableVacuum Vacuum => vacuum;

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
