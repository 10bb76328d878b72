using Handoff.Exporter.Cli;
using Handoff.Exporter.Databricks.Bundle;
using Handoff.Shared.Cli;
using Handoff.SparkJob.Job.Exports;
using Handoff.SparkJob.Output;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Operator;

/// <summary>
/// Errors that Handoff.Load and Handoff.Export report without naming a flag reach the user in the
/// programs' words, naming the flags, byte for byte as before the libraries stopped naming them,
/// with the same exit code, in the text and in --json.
/// </summary>
public sealed class LoadAndExportErrorWordingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Table => _temp.Combine("table");

    [Fact]
    public async Task Exporting_again_under_a_committed_id_names_export_id_in_text_and_json()
    {
        var prefix = _temp.Combine("exports");
        Assert.Equal(0, (await ExportAsync(prefix, "e1")).ExitCode);

        var again = await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", prefix, "--export-id", "e1", "--json");

        var expected = $"export already committed: {Path.Combine(prefix, "e1", "manifest.json")} exists; choose another --export-id (a committed export is never overwritten)";
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Equal($"error: {expected}{Environment.NewLine}", again.Error);
        Assert.Equal(expected, again.Json().GetProperty("error").GetString());
    }

    [Fact]
    public async Task Exports_naming_a_manifest_names_exports_and_manifest()
    {
        var prefix = _temp.Combine("exports");
        await ExportAsync(prefix, "e1");
        var manifest = Path.Combine(prefix, "e1", "manifest.json");

        var load = await Cli.SparkJobAsync("load", "--exports", manifest, "--table", Table);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Equal($"error: --exports names a manifest ({manifest}); give the prefix whose folders are the exports (as given to 'exporter export --to'), or load this one export with --manifest{Environment.NewLine}", load.Error);
    }

    [Fact]
    public async Task Exports_naming_one_export_folder_says_to_load_it_with_manifest()
    {
        var prefix = _temp.Combine("exports");
        await ExportAsync(prefix, "e1");
        var export = Path.Combine(prefix, "e1");

        var load = await Cli.SparkJobAsync("load", "--exports", export, "--table", Table, "--json");

        var expected = $"no committed export under {export}: no folder directly below it holds a manifest.json, and an export without one is never loaded; {export} holds a manifest.json itself, so it is one export: load it with --manifest; nothing was loaded";
        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Equal($"error: {expected}{Environment.NewLine}", load.Error);
        Assert.Equal(expected, load.Json().GetProperty("error").GetString());
    }

    [Fact]
    public async Task Validating_against_a_prefix_without_the_last_loaded_export_names_manifest()
    {
        var loaded = _temp.Combine("exports");
        var other = _temp.Combine("other");
        await ExportAsync(loaded, "e1");
        await ExportAsync(other, "e2");
        var load = await Cli.SparkJobAsync("load", "--exports", loaded, "--table", Table);
        Assert.True(load.ExitCode == 0, load.ToString());

        var validate = await Cli.SparkJobAsync("validate", "--exports", other, "--table", Table);

        Assert.True(validate.ExitCode == 2, validate.ToString());
        Assert.Equal($"error: stream '{Table}' last loaded export e1 into {Table}, and no committed export under {other} has that id; validate against its manifest with --manifest{Environment.NewLine}", validate.Error);
    }

    [Fact]
    public void A_last_load_whose_commit_left_the_log_is_said_with_manifest()
    {
        // Reaching it through the command line takes a table whose log was cleaned past the load.
        Assert.Equal(
            "stream 's' last loaded the export created at 2025-01-01 into t, but the commit that names it has left the table's log; validate against its manifest with --manifest",
            LoadProblemMessages.Describe(new LastLoadLeftTheLog("s", "the export created at 2025-01-01", "t")));
    }

    [Fact]
    public async Task A_missing_prebuilt_binary_names_bundle_binary()
    {
        var binary = _temp.Combine("spark-job");
        var error = await Assert.ThrowsAsync<PrebuiltBinaryMissingException>(() => new PrebuiltBinaryPublisher(binary).PublishAsync(TextWriter.Null, CancellationToken.None));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = ErrorReport.Write(error, json: false, TestConsole.For(stdout, stderr), DatabricksErrors.Classify, DatabricksErrors.Describe);

        Assert.Equal(2, code);
        Assert.Equal($"error: --bundle-binary {binary}: no such file{Environment.NewLine}", stderr.ToString());
    }

    private static Task<CliResult> ExportAsync(string prefix, string id) =>
        Cli.ExporterAsync("export", "--sample-rows", "10", "--to", prefix, "--export-id", id);
}
