using Handoff.Shared.Storage;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job;

/// <summary>Concurrent writers and a writer stopped midway, on a local folder.</summary>
public sealed class ConcurrencyAndFaultTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public Task Four_writers_appending_ten_times_each_lose_nothing() =>
        ConcurrentAppends.RunAsync(_temp.Combine("exports"), _temp.Combine("table"), []);

    [Fact]
    public Task A_writer_stopped_between_its_data_files_and_its_commit_leaves_the_table_unchanged() =>
        StoppedWriter.RunAsync(_temp.Combine("exports"), _temp.Combine("table"), StorageCredentials.None, []);

    [Fact]
    public async Task Appending_an_export_that_is_already_in_the_table_is_refused()
    {
        var manifest = await ExportAsync("once");
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", _temp.Combine("table"), "--mode", "append")).ExitCode);

        var twice = await Cli.SparkJobAsync("load", "--manifest", manifest, "--table", _temp.Combine("table"), "--mode", "append", "--stream", "another-stream");

        Assert.True(twice.ExitCode == 2, twice.ToString());
        Assert.Contains("would duplicate its rows", twice.Error, StringComparison.Ordinal);
    }

    private async Task<string> ExportAsync(string exportId)
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", "50", "--to", _temp.Combine("exports"), "--export-id", exportId, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json().GetProperty("manifest").GetString()!;
    }
}
