using System.CommandLine;
using Handoff.Shared.Cli;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Engines;
using Handoff.SparkJob.Engines.Embedded;
using Handoff.SparkJob.Engines.Spark;
using Handoff.SparkJob.Job;
using Handoff.SparkJob.SparkConnect.Client;
using Handoff.SparkJob.SparkConnect.Connection;

namespace Handoff.SparkJob.Cli;

/// <summary>
/// --engine and, for --engine spark, where Spark is: --remote, or the Databricks options.
/// Opens the engine and the validation history the run uses.
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

    public Option<string?> DatabricksHost { get; } = new("--databricks-host") { Description = "--engine spark on Databricks: the workspace URL (default: $DATABRICKS_HOST or the profile's host). Credentials come from the environment (DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID/SECRET, ARM_*) or the profile, as the Databricks CLI resolves them.", HelpName = "URL" };

    public Option<string?> ClusterId { get; } = new("--cluster-id") { Description = "--engine spark on Databricks: the cluster to run on (default: $DATABRICKS_CLUSTER_ID or the profile's cluster_id).", HelpName = "ID" };

    public Option<bool> Serverless { get; } = new("--serverless") { Description = "--engine spark on Databricks: run on serverless compute instead of a cluster." };

    public Option<string?> Profile { get; } = new("--profile") { Description = "--engine spark on Databricks: the ~/.databrickscfg profile (default: $DATABRICKS_CONFIG_PROFILE, else [__settings__] default_profile, else DEFAULT), resolved as for exporter submit.", HelpName = "NAME" };

    public IEnumerable<Option> All => [Engine, Remote, DatabricksHost, ClusterId, Serverless, Profile];

    public bool IsSpark(ParseResult parse) => parse.GetValue(Engine) == Spark;

    /// <summary>The engine and history for the run; dispose it to close the Spark session.</summary>
    public async Task<EngineSession> OpenAsync(ParseResult parse, TableArguments table, ExportReference export, SparkJobEnvironment environment, CancellationToken cancellationToken)
    {
        var databricks = Databricks(parse);
        if (!IsSpark(parse))
        {
            if (parse.GetValue(Remote) is not null || databricks.Any)
            {
                throw new UsageException("--remote and the Databricks options apply to --engine spark only");
            }

            var tableStore = table.OpenTable(parse, out var tableLocation);
            return new EngineSession(new EmbeddedEngine(tableStore), new ValidationHistory(table.OpenHistory(parse, tableLocation)), null);
        }

        var target = SparkTableRef.Parse(parse.GetValue(table.Table)!);
        var history = parse.GetValue(table.History) is { } historyText ? SparkTableRef.Parse(historyText) : target.ValidationHistory();
        var connection = await SparkRemote.ResolveAsync(parse.GetValue(Remote), databricks, environment.GetVariable, Guid.NewGuid(), cancellationToken);
        var locations = new[] { export.Folder.Root, target.Storage, history.Storage }.OfType<StorageLocation>();
        var storage = StorageAccessConfs.For(locations, table.Storage.Build(parse), environment.GetVariable);
        var client = new SparkConnectClient(connection, environment.SparkClient);
        return new EngineSession(new SparkEngine(client, target, storage), new SparkValidationHistory(client, history), client);
    }

    private DatabricksInputs Databricks(ParseResult parse) => new()
    {
        Host = parse.GetValue(DatabricksHost),
        ClusterId = parse.GetValue(ClusterId),
        Serverless = parse.GetValue(Serverless),
        Profile = parse.GetValue(Profile),
        HostSource = DatabricksHost.Name,
        ProfileSource = Profile.Name,
    };
}

/// <summary>An opened engine with its history; owns the Spark session, if any.</summary>
internal sealed class EngineSession(ITableEngine engine, IValidationHistory history, IDisposable? owned) : IDisposable
{
    public ITableEngine Engine => engine;

    public IValidationHistory History => history;

    public void Dispose() => owned?.Dispose();
}
