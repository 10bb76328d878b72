using System.Globalization;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job;

/// <summary>
/// 4 writers × 10 appends to one table, at the same time: 40 commits at contiguous versions,
/// every row present once. Each append is its own small export, so rows can be traced.
/// </summary>
internal static class ConcurrentAppends
{
    private const int Writers = 4;
    private const int AppendsPerWriter = 10;
    private const int RowsPerExport = 7;

    public static async Task RunAsync(string exportsLocation, string tableLocation, string[] credentials)
    {
        var manifests = new string[Writers * AppendsPerWriter];
        for (var i = 0; i < manifests.Length; i++)
        {
            var export = await Cli.ExporterAsync(["export", "--sample-rows", RowsPerExport.ToString(CultureInfo.InvariantCulture), "--to", exportsLocation, "--export-id", $"e{i:00}", "--json", .. credentials]);
            Assert.True(export.ExitCode == 0, export.ToString());
            manifests[i] = export.Json().GetProperty("manifest").GetString()!;
        }

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var j = 0; j < AppendsPerWriter; j++)
            {
                var index = (w * AppendsPerWriter) + j;
                var load = await Cli.SparkJobAsync(["load", "--manifest", manifests[index], "--table", tableLocation, "--mode", "append", "--stream", $"writer-{w}-{j}", "--json", .. credentials]);
                Assert.True(load.ExitCode == 0, load.ToString());
            }
        }));
        await Task.WhenAll(writers);

        var inspect = await Cli.SparkJobAsync(["inspect", "--table", tableLocation, "--json", .. credentials]);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.Equal((Writers * AppendsPerWriter) - 1, inspect.Json().GetProperty("version").GetInt64());
        Assert.Equal(Writers * AppendsPerWriter * RowsPerExport, inspect.Json().GetProperty("rowCount").GetInt64());
        Assert.Equal(Writers * AppendsPerWriter, inspect.Json().GetProperty("files").GetInt32());
        for (var version = 0; version < Writers * AppendsPerWriter; version++)
        {
            var at = await Cli.SparkJobAsync(["inspect", "--table", tableLocation, "--version", version.ToString(CultureInfo.InvariantCulture), "--json", .. credentials]);
            Assert.True(at.ExitCode == 0, at.ToString());
            Assert.Equal((version + 1) * RowsPerExport, at.Json().GetProperty("rowCount").GetInt64());
        }
    }
}
