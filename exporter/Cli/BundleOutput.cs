using System.Text.Json.Nodes;
using Handoff.Exporter.Databricks.Bundle;
using Handoff.Shared.Cli;
using Handoff.Shared.Progress;

namespace Handoff.Exporter.Cli;

/// <summary>What submit and schedule say about the bundle: the dry run's preamble and placeholders, and the bundle in --json output.</summary>
internal static class BundleOutput
{
    /// <summary>The placeholders a dry-run body holds, each a value only a build or the workspace can give.</summary>
    public static JsonArray Placeholders(RemoteBundle remote)
    {
        var placeholders = new JsonArray(RemoteBundle.UnknownHash, RemoteBundle.UnknownSha256);
        if (remote.Location.ApiRoot.Contains(BundleLocation.UnknownUser, StringComparison.Ordinal))
        {
            placeholders.Add(BundleLocation.UnknownUser);
        }

        return placeholders;
    }

    /// <summary>The dry run's explanation on stderr: nothing is built or sent, and what each placeholder stands for.</summary>
    public static async Task WriteAsync(TextWriter error, RemoteBundle remote, string? configProblem)
    {
        var user = remote.Location.ApiRoot.Contains(BundleLocation.UnknownUser, StringComparison.Ordinal)
            ? $", {BundleLocation.UnknownUser} for your user name (from the workspace)"
            : string.Empty;
        await error.WriteLineAsync(
            $"dry run: nothing is built or sent. In the body, {RemoteBundle.UnknownHash} and {RemoteBundle.UnknownSha256} stand for what the build gives{user}. " +
            $"The bundle ({LocalBundle.ArchiveName}, {LauncherScript.FileName}) would be uploaded to {remote.RuntimeFolder} unless it is already there, then:");
        if (configProblem is not null)
        {
            await error.WriteLineAsync($"(a real run would stop here: {configProblem})");
        }
    }

    /// <summary>Upload progress for files of a megabyte or more: a step per file, counting bytes sent.</summary>
    public static Func<BundleFile, IProgress<long>?> ProgressOn(IWorkProgress progress) =>
        file => file.Size >= 1_000_000 ? new StepDone(progress.Start($"uploading {file.Name}", file.Size, ProgressUnit.Bytes)) : null;

    /// <summary>Publishing and compressing the job: minutes the first time, so a live step says it is running.</summary>
    public static async Task<LocalBundle> BuildAsync(DatabricksCommandContext context, string? bundleBinary, CliConsole console, IWorkProgress progress, CancellationToken cancellationToken)
    {
        using var building = progress.Start(bundleBinary is null ? "building the bundle (dotnet publish of spark-job: a few minutes the first time)" : "building the bundle");
        return await BundleBuilder.BuildAsync(context.Publisher(bundleBinary), console.Error, cancellationToken, context.ArchiveFolder);
    }

    public static JsonObject BundleJson(BundleUploadResult upload, LocalBundle local) => new()
    {
        ["hash"] = upload.Remote.Hash,
        ["folder"] = upload.Remote.RuntimeFolder,
        ["uploaded"] = !upload.Skipped,
        ["bytes"] = local.TotalBytes,
        ["binaryBytes"] = local.BinaryBytes,
        ["size"] = Units.Bytes(local.TotalBytes),
    };
}
