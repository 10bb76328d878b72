using System.CommandLine;
using Handoff.Exporter.Databricks.Bundle;
using Handoff.Exporter.Databricks.Submit;
using Handoff.Shared.Cli;
using Handoff.Shared.Databricks.Config;

namespace Handoff.Exporter.Cli;

/// <summary>What the job on Databricks loads, where it runs, how it reaches storage, and where its bundle goes: shared by submit and schedule.</summary>
internal sealed class JobTargetArguments
{
    public Option<string?> Manifest { get; } = new("--manifest")
    {
        Description = "Load this one export: its manifest.json, or its folder, as the cluster sees it: abfss://..., /Volumes/..., /mnt/... (no SAS in the URL: it would be stored in the run's parameters).",
        HelpName = "LOCATION",
    };

    public Option<string?> Exports { get; } = new("--exports")
    {
        Description = "Instead of --manifest: the exports prefix (as given to 'exporter export --to'), as the cluster sees it. Each run loads what is new under it when it runs: " +
            "the newest committed export (overwrite), or every one the table has not loaded (append). What a daily schedule needs.",
        HelpName = "PREFIX",
    };

    public Option<string> Table { get; } = new("--table") { Description = "The Delta table: a name (catalog.schema.table) or a folder.", HelpName = "NAME", Required = true };

    public Option<string> Mode { get; } = new("--mode") { Description = "overwrite (default) or append.", HelpName = "overwrite|append", DefaultValueFactory = _ => "overwrite" };

    public Option<string?> ClusterId { get; } = new("--cluster-id") { Description = "Run on this existing cluster (Databricks Runtime 13.3 LTS or later).", HelpName = "ID" };

    public Option<string?> NewCluster { get; } = new("--new-cluster") { Description = "Run on a new job cluster: a JSON file holding a Jobs API new_cluster spec.", HelpName = "FILE.json" };

    public Option<bool> Serverless { get; } = new("--serverless") { Description = "Run on serverless compute. Without a compute option: $DATABRICKS_CLUSTER_ID or the profile's cluster_id (serverless_compute_id = auto: serverless)." };

    public Option<string?> EnvironmentVersion { get; } = new("--environment-version")
    {
        Description = $"--serverless: the serverless environment version (default {ComputeSpec.DefaultEnvironmentVersion}).",
        HelpName = "N",
    };

    public Option<string?> BundlePath { get; } = new("--bundle-path")
    {
        Description = "Where the job bundle is uploaded (default: $HANDOFF_BUNDLE_PATH, else your workspace folder /Workspace/Users/<you>/.handoff/bundles): " +
            "a Unity Catalog volume folder /Volumes/<catalog>/<schema>/<volume>/... (recommended), or a workspace folder /Workspace/Users/<you>/....",
        HelpName = "PATH",
    };

    public Option<string?> BundleBinary { get; } = new("--bundle-binary") { Description = "Use this published linux-x64 spark-job binary instead of publishing from source.", HelpName = "FILE" };

    public Option<string?> MountSource { get; } = new("--mount-source") { Description = "Have the launcher mount this container first (wasbs:// or abfss://), idempotently; classic compute only (serverless compute has no DBFS mounts).", HelpName = "URL" };

    public Option<string?> MountPoint { get; } = new("--mount-point") { Description = "Where to mount it (default /mnt/handoff).", HelpName = "/mnt/NAME" };

    public Option<string?> SecretScope { get; } = new("--secret-scope") { Description = "Secret scope holding the storage credential for the mount.", HelpName = "SCOPE" };

    public Option<string?> SecretKey { get; } = new("--secret-key") { Description = "Name of the secret in the scope.", HelpName = "KEY" };

    public Option<string> CredentialKind { get; } = new("--credential-kind") { Description = "account-key (default), sas, or service-principal (abfss://; needs --client-id and --tenant-id).", HelpName = "KIND", DefaultValueFactory = _ => "account-key" };

    public Option<string?> ClientId { get; } = new("--client-id") { Description = "Service principal application id, for --credential-kind service-principal.", HelpName = "ID" };

    public Option<string?> TenantId { get; } = new("--tenant-id") { Description = "Entra ID tenant, for --credential-kind service-principal.", HelpName = "ID" };

    public Option<string[]> CheckPath { get; } = new("--check-path") { Description = "A path the launcher checks is readable before running (a Unity Catalog volume or external location); repeatable.", HelpName = "PATH" };

    public IEnumerable<Option> All =>
        [Manifest, Exports, Table, Mode, ClusterId, NewCluster, Serverless, EnvironmentVersion, BundlePath, BundleBinary, MountSource, MountPoint, SecretScope, SecretKey, CredentialKind, ClientId, TenantId, CheckPath];

    public JobTargetArguments()
    {
        Mode.AcceptOnlyFromAmong("overwrite", "append");
        CredentialKind.AcceptOnlyFromAmong("account-key", "sas", "service-principal");
    }

    /// <summary>What the job loads: --manifest or --exports, exactly one, with no SAS in it.</summary>
    public ExportSource Source(ParseResult parse)
    {
        var (manifest, exports) = (parse.GetValue(Manifest), parse.GetValue(Exports));
        if (manifest is null == exports is null)
        {
            throw new UsageException("give either --manifest LOCATION (load that one export) or --exports PREFIX (each run loads what is new under the prefix)");
        }

        return manifest is not null ? ExportSource.Manifest(Checked(manifest, Manifest.Name)) : ExportSource.Exports(Checked(exports!, Exports.Name));
    }

    private static string Checked(string location, string option)
    {
        var text = location.Trim();
        if (text.Contains('?', StringComparison.Ordinal) || text.Contains("sig=", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"{option} must not carry a SAS token: the location is stored in the run's parameters, where others can read it. Mount the container (--mount-source with --secret-scope) or use a Unity Catalog volume or external location.");
        }

        return text.Length > 0 ? text : throw new UsageException($"{option} is empty");
    }

    public string TableName(ParseResult parse) =>
        parse.GetValue(Table) is { } table && table.Trim().Length > 0 ? table.Trim() : throw new UsageException("--table is empty");

    /// <summary>The compute the options name; without any, <paramref name="fallback"/> (from the workspace configuration), else null when <paramref name="optional"/>.</summary>
    public ComputeSpec? Compute(ParseResult parse, bool optional, ComputeSpec? fallback = null) =>
        ComputeArguments.FromArguments(parse.GetValue(ClusterId), parse.GetValue(NewCluster), parse.GetValue(Serverless), optional, EnvironmentVersionOf(parse), fallback);

    /// <summary>The compute DATABRICKS_CLUSTER_ID or the profile names (cluster_id; serverless_compute_id = auto), if any.</summary>
    public static ComputeSpec? ConfiguredCompute(DatabricksConfig? config) =>
        config?.ClusterId is { } cluster ? ComputeSpec.ExistingCluster(cluster)
        : string.Equals(config?.ServerlessComputeId, "auto", StringComparison.OrdinalIgnoreCase) ? ComputeSpec.ServerlessCompute()
        : null;

    /// <summary>The bundle folder --bundle-path or HANDOFF_BUNDLE_PATH names; null: the user's own workspace folder.</summary>
    public BundleLocation? Bundle(ParseResult parse, DatabricksCommandContext context)
    {
        if (parse.GetValue(BundlePath) is { } flag)
        {
            return BundleLocation.Parse(flag, "--bundle-path");
        }

        return context.Environment("HANDOFF_BUNDLE_PATH") is { } variable && !string.IsNullOrWhiteSpace(variable)
            ? BundleLocation.Parse(variable, "HANDOFF_BUNDLE_PATH")
            : null;
    }

    public MountSpec? Mount(ParseResult parse)
    {
        var source = parse.GetValue(MountSource);
        if (source is null)
        {
            return parse.GetValue(SecretScope) is not null || parse.GetValue(MountPoint) is not null
                ? throw new UsageException("--mount-point and --secret-scope need --mount-source")
                : null;
        }

        var scope = parse.GetValue(SecretScope) ?? throw new UsageException("--mount-source needs --secret-scope and --secret-key (the storage credential is read from a secret scope on the cluster)");
        var key = parse.GetValue(SecretKey) ?? throw new UsageException("--mount-source needs --secret-key");
        var kind = parse.GetValue(CredentialKind)!;
        if (kind == "service-principal" && (parse.GetValue(ClientId) is null || parse.GetValue(TenantId) is null))
        {
            throw new UsageException("--credential-kind service-principal needs --client-id and --tenant-id");
        }

        var point = parse.GetValue(MountPoint) ?? "/mnt/handoff";
        return point.StartsWith("/mnt/", StringComparison.Ordinal)
            ? new MountSpec(source, point, scope, key, kind, parse.GetValue(ClientId), parse.GetValue(TenantId))
            : throw new UsageException($"--mount-point '{point}' must be under /mnt/");
    }

    public IReadOnlyList<string> CheckPaths(ParseResult parse) => parse.GetValue(CheckPath) ?? [];

    private string? EnvironmentVersionOf(ParseResult parse) => parse.GetValue(EnvironmentVersion) switch
    {
        null => null,
        var text when text.Trim().Length > 0 && text.Trim().All(char.IsAsciiDigit) => text.Trim(),
        var text => throw new UsageException($"--environment-version '{text}' is not a version number (for example {ComputeSpec.DefaultEnvironmentVersion})"),
    };
}
