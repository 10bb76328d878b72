using System.CommandLine;
using Handoff.Exporter.Databricks.Bundle;
using Handoff.Exporter.Databricks.Submit;
using Handoff.Shared.Cli;

namespace Handoff.Exporter.Cli;

/// <summary>What the job on Databricks loads, where it runs, how it reaches storage, and where its bundle goes: shared by submit and schedule.</summary>
internal sealed class JobTargetArguments
{
    public Option<string> Manifest { get; } = new("--manifest")
    {
        Description = "The export's manifest.json, or its folder, as the cluster sees it: abfss://..., /Volumes/..., /mnt/... (no SAS in the URL: it would be stored in the run's parameters).",
        HelpName = "LOCATION",
        Required = true,
    };

    public Option<string> Table { get; } = new("--table") { Description = "The Delta table: a name (catalog.schema.table) or a folder.", HelpName = "NAME", Required = true };

    public Option<string> Mode { get; } = new("--mode") { Description = "overwrite (default) or append.", HelpName = "overwrite|append", DefaultValueFactory = _ => "overwrite" };

    public Option<string?> ClusterId { get; } = new("--cluster-id") { Description = "Run on this existing cluster (Databricks Runtime 13.3 LTS or later).", HelpName = "ID" };

    public Option<string?> NewCluster { get; } = new("--new-cluster") { Description = "Run on a new job cluster: a JSON file holding a Jobs API new_cluster spec.", HelpName = "FILE.json" };

    public Option<bool> Serverless { get; } = new("--serverless") { Description = "Run on serverless compute." };

    public Option<string?> BundlePath { get; } = new("--bundle-path")
    {
        Description = "Where the job bundle is uploaded (default: $HANDOFF_BUNDLE_PATH): a Unity Catalog volume folder /Volumes/<catalog>/<schema>/<volume>/..., or a workspace folder /Workspace/Users/<you>/... for workspaces without Unity Catalog.",
        HelpName = "PATH",
    };

    public Option<string?> BundleBinary { get; } = new("--bundle-binary") { Description = "Use this published linux-x64 spark-job binary instead of publishing from source.", HelpName = "FILE" };

    public Option<string?> MountSource { get; } = new("--mount-source") { Description = "Have the launcher mount this container first (wasbs:// or abfss://), idempotently.", HelpName = "URL" };

    public Option<string?> MountPoint { get; } = new("--mount-point") { Description = "Where to mount it (default /mnt/handoff).", HelpName = "/mnt/NAME" };

    public Option<string?> SecretScope { get; } = new("--secret-scope") { Description = "Secret scope holding the storage credential for the mount.", HelpName = "SCOPE" };

    public Option<string?> SecretKey { get; } = new("--secret-key") { Description = "Name of the secret in the scope.", HelpName = "KEY" };

    public Option<string> CredentialKind { get; } = new("--credential-kind") { Description = "account-key (default), sas, or service-principal (abfss://; needs --client-id and --tenant-id).", HelpName = "KIND", DefaultValueFactory = _ => "account-key" };

    public Option<string?> ClientId { get; } = new("--client-id") { Description = "Service principal application id, for --credential-kind service-principal.", HelpName = "ID" };

    public Option<string?> TenantId { get; } = new("--tenant-id") { Description = "Entra ID tenant, for --credential-kind service-principal.", HelpName = "ID" };

    public Option<string[]> CheckPath { get; } = new("--check-path") { Description = "A path the launcher checks is readable before running (a Unity Catalog volume or external location); repeatable.", HelpName = "PATH" };

    public IEnumerable<Option> All =>
        [Manifest, Table, Mode, ClusterId, NewCluster, Serverless, BundlePath, BundleBinary, MountSource, MountPoint, SecretScope, SecretKey, CredentialKind, ClientId, TenantId, CheckPath];

    public JobTargetArguments()
    {
        Mode.AcceptOnlyFromAmong("overwrite", "append");
        CredentialKind.AcceptOnlyFromAmong("account-key", "sas", "service-principal");
    }

    public string ManifestLocation(ParseResult parse)
    {
        var manifest = parse.GetValue(Manifest)!.Trim();
        if (manifest.Contains('?', StringComparison.Ordinal) || manifest.Contains("sig=", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException("--manifest must not carry a SAS token: the location is stored in the run's parameters, where others can read it. Mount the container (--mount-source with --secret-scope) or use a Unity Catalog volume or external location.");
        }

        if (manifest.Length == 0)
        {
            throw new UsageException("--manifest is empty");
        }

        return manifest;
    }

    public string TableName(ParseResult parse) =>
        parse.GetValue(Table) is { } table && table.Trim().Length > 0 ? table.Trim() : throw new UsageException("--table is empty");

    public ComputeSpec? Compute(ParseResult parse, bool optional) =>
        ComputeSpec.FromArguments(parse.GetValue(ClusterId), parse.GetValue(NewCluster), parse.GetValue(Serverless), optional);

    public BundleLocation Bundle(ParseResult parse, DatabricksCommandContext context)
    {
        var path = parse.GetValue(BundlePath) ?? context.Environment("HANDOFF_BUNDLE_PATH");
        return string.IsNullOrWhiteSpace(path)
            ? throw new UsageException("say where to upload the job bundle: --bundle-path /Volumes/<catalog>/<schema>/<volume>/handoff (or set HANDOFF_BUNDLE_PATH)")
            : BundleLocation.Parse(path);
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
}
