using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Export;

/// <summary>
/// Two exports of the built-in sample at once in one process (and one working folder), each large
/// enough for DuckDB to spill under the sample's memory limit: each spills to a folder of its own.
/// </summary>
public sealed class ConcurrentSampleExportTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Two_sample_exports_that_spill_at_once_both_commit()
    {
        var exports = _temp.Combine("exports");

        var results = await Task.WhenAll(
            Task.Run(() => Cli.ExporterAsync("export", "--sample-rows", "300000", "--format", "csv", "--to", exports, "--export-id", "a")),
            Task.Run(() => Cli.ExporterAsync("export", "--sample-rows", "300000", "--format", "csv", "--to", exports, "--export-id", "b")));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.True(File.Exists(Path.Combine(exports, "a", "manifest.json")));
        Assert.True(File.Exists(Path.Combine(exports, "b", "manifest.json")));
    }
}
