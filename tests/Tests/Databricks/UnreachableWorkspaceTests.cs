using System.Diagnostics;
using Handoff.Tests.Databricks.Support;
using Xunit;

namespace Handoff.Tests.Databricks;

/// <summary>A workspace that cannot be reached is a storage/service failure (exit 4), and a host that does not resolve fails at once.</summary>
public sealed class UnreachableWorkspaceTests : IDisposable
{
    // .invalid never resolves (RFC 6761), so the test needs no network and fails the same way everywhere.
    private const string Host = "adb-0000000000000000.0.invalid";
    private readonly DatabricksCli _cli = new(null) { Time = TimeProvider.System };

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_host_that_does_not_resolve_exits_4_at_once_naming_the_host()
    {
        _cli.Environment["DATABRICKS_HOST"] = $"https://{Host}";
        _cli.Environment["DATABRICKS_TOKEN"] = "dapi-token-for-nowhere";
        var clock = Stopwatch.StartNew();

        var result = await _cli.RunAsync(["runs", "list", "--json"]);

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Contains($"the workspace host {Host} does not resolve", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("retry", result.Error, StringComparison.Ordinal);
        Assert.Equal("storage", result.Json().GetProperty("kind").GetString());
        Assert.DoesNotContain("dapi-token-for-nowhere", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_to_a_host_that_does_not_resolve_fails_before_building_anything()
    {
        _cli.Environment["DATABRICKS_HOST"] = Host;
        _cli.Environment["DATABRICKS_TOKEN"] = "t";

        var result = await _cli.RunAsync(["submit", "--manifest", "/Volumes/a/b/c/e1", "--table", "t", "--cluster-id", "c"]);

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains($"scim/v2/Me: the workspace host {Host} does not resolve", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, _cli.Publisher.Publishes);
    }
}
