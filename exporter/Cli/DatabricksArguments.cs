using System.CommandLine;
using Handoff.Shared.Cli;
using Handoff.Shared.Databricks;
using Handoff.Shared.Databricks.Config;
using Microsoft.Extensions.Logging;

namespace Handoff.Exporter.Cli;

/// <summary>The workspace options every Databricks command takes, and the client they build.</summary>
internal sealed class DatabricksArguments
{
    public Option<string?> Profile { get; } = new("--profile") { Description = "Profile in ~/.databrickscfg or $DATABRICKS_CONFIG_FILE (default: $DATABRICKS_CONFIG_PROFILE, else [__settings__] default_profile, else DEFAULT; not read when the environment gives the host or credentials).", HelpName = "NAME" };

    public Option<string?> Host { get; } = new("--host") { Description = "Workspace URL, https://... (default: $DATABRICKS_HOST, else the profile's host). Credentials are taken only from the same place as the host.", HelpName = "URL" };

    public IEnumerable<Option> All => [Profile, Host];

    public DatabricksConfig Resolve(ParseResult parse, DatabricksCommandContext context) =>
        DatabricksConfigResolver.Resolve(new DatabricksConfigRequest
        {
            Host = parse.GetValue(Host),
            HostSource = Host.Name,
            Profile = parse.GetValue(Profile),
            ProfileSource = Profile.Name,
            Environment = context.Environment,
        });

    /// <summary>For a dry run, which needs no credentials: the configuration when it resolves, else null and why not.</summary>
    public (DatabricksConfig? Config, string? Problem) TryResolve(ParseResult parse, DatabricksCommandContext context)
    {
        try
        {
            return (Resolve(parse, context), null);
        }
        catch (Shared.Databricks.Errors.DatabricksConfigException error)
        {
            return (null, error.Message);
        }
    }

    public DatabricksClient Connect(DatabricksConfig config, ParseResult parse, DatabricksCommandContext context, TextWriter error)
    {
        var options = new DatabricksClientOptions
        {
            Logger = new CliLogger(error, CommonOptions.Verbose(parse) ? LogLevel.Debug : LogLevel.Information),
            TimeProvider = context.Time,
        };
        context.ConfigureClient?.Invoke(options);
        return DatabricksClient.FromConfig(config, options);
    }
}
