using Handoff.Shared.Databricks.Auth;
using Handoff.Shared.Databricks.Clusters;
using Handoff.Shared.Databricks.Config;
using Handoff.Shared.Databricks.Files;
using Handoff.Shared.Databricks.Http;
using Handoff.Shared.Databricks.Identity;
using Handoff.Shared.Databricks.Jobs;
using Handoff.Shared.Databricks.Runs;
using Handoff.Shared.Databricks.Sql;
using Handoff.Shared.Databricks.Workspace;

namespace Handoff.Shared.Databricks;

/// <summary>
/// A typed client for one Databricks workspace: <see cref="Jobs"/> and <see cref="Runs"/>
/// (Jobs API 2.2), <see cref="Files"/> (Unity Catalog volumes), <see cref="Workspace"/>
/// (workspace files), <see cref="Clusters"/> (Clusters API 2.1), <see cref="Statements"/> (SQL
/// Statement Execution API 2.0, on a SQL warehouse) and <see cref="CurrentUser"/>. The sub-clients share one HTTP pipeline: auth, retries, logging.
/// </summary>
public sealed class DatabricksClient : IDisposable
{
    private readonly DatabricksPipeline _pipeline;

    /// <param name="host">The workspace URL: https, no path (http only on loopback).</param>
    public DatabricksClient(Uri host, IDatabricksCredential credential, DatabricksClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(credential);
        Host = DatabricksHost.Validate(host.ToString(), "host");
        Credential = credential;
        Options = options ?? new DatabricksClientOptions();
        _pipeline = new DatabricksPipeline(Host, credential, Options.Retry, Options.Logger, Options.TimeProvider, Options.Transport, Options.Product);
        Jobs = new JobsClient(_pipeline);
        Runs = new RunsClient(_pipeline);
        Files = new FilesClient(_pipeline);
        Workspace = new WorkspaceClient(_pipeline);
        Clusters = new ClustersClient(_pipeline);
        CurrentUser = new CurrentUserClient(_pipeline);
        Statements = new StatementExecutionClient(_pipeline);
    }

    public Uri Host { get; }

    public IDatabricksCredential Credential { get; }

    public DatabricksClientOptions Options { get; }

    public JobsClient Jobs { get; }

    public RunsClient Runs { get; }

    public FilesClient Files { get; }

    public WorkspaceClient Workspace { get; }

    public ClustersClient Clusters { get; }

    /// <summary>SQL statements run on a SQL warehouse.</summary>
    public StatementExecutionClient Statements { get; }

    /// <summary>Who the credential is (SCIM Me).</summary>
    public CurrentUserClient CurrentUser { get; }

    /// <summary>A client for a resolved configuration (flags, environment, ~/.databrickscfg).</summary>
    public static DatabricksClient FromConfig(DatabricksConfig config, DatabricksClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        options ??= new DatabricksClientOptions();
        return new DatabricksClient(config.Host, config.CreateCredential(options.TimeProvider, options.Transport), options);
    }

    /// <summary>The page of a run in the workspace UI, for when the API did not return one.</summary>
    public Uri RunPage(long runId) => new(Host, $"#job/runs/{runId}");

    public Uri JobPage(long jobId) => new(Host, $"jobs/{jobId}");

    public void Dispose()
    {
        _pipeline.Dispose();
        (Credential as IDisposable)?.Dispose();
    }
}
