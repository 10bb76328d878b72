using Xunit;
using Handoff.Tests.Support;

namespace Handoff.Tests.Export;

/// <summary>Each bad input gets a clear message, a specific non-zero exit, and no manifest.</summary>
public sealed class ExportBadInputTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(2, "unknown format 'xml'", "--format", "xml")]
    [InlineData(2, "--bogus", "--bogus", "1")]
    [InlineData(2, "compression 'lz4' is not available for parquet", "--compression", "lz4")]
    [InlineData(2, "--csv-* options apply only to --format csv", "--csv-delimiter", "tab")]
    [InlineData(2, "--export-id", "--export-id", "../escape")]
    [InlineData(2, "--split-rows must be greater than 0", "--split-rows", "0")]
    public async Task Bad_arguments_exit_2_and_write_nothing(int exitCode, string message, params string[] extra)
    {
        var result = await Cli.ExporterAsync(["export", "--sample-rows", "10", "--to", _temp.Path, .. extra]);

        AssertRefused(result, exitCode, message);
    }

    [Fact]
    public async Task Sample_and_source_together_are_refused()
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", "10", "--source", "duckdb::memory:", "--query", "select 1 as x", "--to", _temp.Path);

        AssertRefused(result, 2, "either --sample-rows");
    }

    [Fact]
    public async Task Sql_error_is_a_source_error()
    {
        var result = await Cli.ExporterAsync("export", "--source", "duckdb::memory:", "--query", "SELEC nonsense", "--to", _temp.Path, "--export-id", "sqlerr");

        AssertRefused(result, 3, "syntax error");
    }

    [Fact]
    public async Task Query_without_columns_is_refused()
    {
        var result = await Cli.ExporterAsync("export", "--source", "duckdb::memory:", "--query", "CREATE TABLE t(x int)", "--to", _temp.Path, "--export-id", "nocols");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no columns", result.Error, StringComparison.Ordinal);
        AssertNoManifest();
    }

    [Fact]
    public async Task Colliding_column_names_are_refused_by_name()
    {
        var result = await Cli.ExporterAsync("export", "--source", "duckdb::memory:", "--query", "SELECT 1 AS id, 2 AS \"ID\"", "--to", _temp.Path, "--export-id", "collide");

        AssertRefused(result, 2, "'id' and 'ID' collide");
    }

    [Theory]
    [InlineData("a b", "a space")]
    [InlineData("a,b", "','")]
    [InlineData("a=b", "'='")]
    [InlineData("f(x)", "'('")]
    public async Task Column_names_delta_cannot_store_are_refused(string name, string what)
    {
        var result = await Cli.ExporterAsync("export", "--source", "duckdb::memory:", "--query", $"SELECT 1 AS \"{name}\"", "--to", _temp.Path, "--export-id", "badname");

        AssertRefused(result, 2, what);
    }

    [Fact]
    public async Task Unsupported_source_type_is_named()
    {
        var result = await Cli.ExporterAsync("export", "--source", "mysql:server=x", "--query", "select 1", "--to", _temp.Path, "--export-id", "mysql");

        AssertRefused(result, 2, "mysql");
    }

    [Fact]
    public async Task Committed_export_id_is_never_overwritten()
    {
        var first = await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", _temp.Path, "--export-id", "once");
        Assert.True(first.ExitCode == 0, first.ToString());
        var manifestBefore = await File.ReadAllBytesAsync(_temp.Combine("once", "manifest.json"));

        var second = await Cli.ExporterAsync("export", "--sample-rows", "20", "--to", _temp.Path, "--export-id", "once");

        Assert.Equal(2, second.ExitCode);
        Assert.Contains("already committed", second.Error, StringComparison.Ordinal);
        Assert.Equal(manifestBefore, await File.ReadAllBytesAsync(_temp.Combine("once", "manifest.json")));
    }

    [Fact]
    public async Task A_run_holding_the_export_id_keeps_a_second_run_out()
    {
        // A live run holds the operating system's lock on its lock file.
        Directory.CreateDirectory(_temp.Combine("busy"));
        await using (var live = new FileStream(_temp.Combine("busy", ".export-lock"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
        {
            var second = await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", _temp.Path, "--export-id", "busy");

            AssertRefused(second, 2, "another run is writing this export id");
        }

        Assert.True(File.Exists(_temp.Combine("busy", ".export-lock")), "the other run's lock stays");
    }

    [Fact]
    public async Task A_lock_left_by_a_run_that_died_is_taken_over_at_once_with_a_note()
    {
        // Written minutes ago by a process that no longer holds it (nobody has the file open).
        Directory.CreateDirectory(_temp.Combine("stale"));
        var dead = new Handoff.Shared.Storage.LockHolder(DateTimeOffset.UtcNow.AddMinutes(-2), "worker-3", 31337, null, "other");
        await File.WriteAllBytesAsync(_temp.Combine("stale", ".export-lock"), dead.ToJson());
        await File.WriteAllTextAsync(_temp.Combine("stale", "part-00000.parquet"), "half a file");

        var result = await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", _temp.Path, "--export-id", "stale");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("took over the stale lock", result.Error, StringComparison.Ordinal);
        Assert.Contains("worker-3, process 31337", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Combine("stale", ".export-lock")), "the lock is released at the end");
        Assert.True(File.Exists(_temp.Combine("stale", "manifest.json")));
    }

    [Fact]
    public async Task A_rerun_of_a_committed_export_restores_a_missing_success_file()
    {
        Assert.Equal(0, (await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", _temp.Path, "--export-id", "done", "--success-file")).ExitCode);
        File.Delete(_temp.Combine("done", ".DONE"));

        var again = await Cli.ExporterAsync("export", "--sample-rows", "10", "--to", _temp.Path, "--export-id", "done", "--success-file");

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("marker was written now", again.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(_temp.Combine("done", ".DONE")));
    }

    [Fact]
    public async Task Errors_can_be_read_as_json()
    {
        var result = await Cli.ExporterAsync("export", "--source", "duckdb::memory:", "--query", "SELEC 1", "--to", _temp.Path, "--json");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("source", result.Json().GetProperty("kind").GetString());
        Assert.Equal(3, result.Json().GetProperty("exitCode").GetInt32());
    }

    private void AssertRefused(CliResult result, int exitCode, string message)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.OrdinalIgnoreCase);
        AssertNoManifest();
    }

    private void AssertNoManifest() =>
        Assert.Empty(Directory.GetFiles(_temp.Path, "manifest.json", SearchOption.AllDirectories));
}
