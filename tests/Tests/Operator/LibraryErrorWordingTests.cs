using Handoff.Shared.Cli;
using Handoff.Shared.Exports.FromFiles;
using Handoff.Tests.Delta.Support;
using Handoff.Tests.Upkeep;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Operator;

/// <summary>
/// Errors the libraries below the command line report without naming a flag reach the user in the
/// programs' words, naming the flags, byte for byte as before the libraries stopped naming them,
/// with the same exit code, in the text and in --json.
/// </summary>
public sealed class LibraryErrorWordingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Folder => _temp.Combine("sent");

    private string Table => _temp.Combine("table");

    [Fact]
    public async Task A_wildcard_in_the_folder_names_files()
    {
        var selection = Path.Combine(Folder, "*", "part.parquet");

        var load = await Cli.SparkJobAsync("load", "--files", selection, "--format", "parquet", "--table", Table);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Equal($"error: --files '{selection}': a wildcard is allowed only in the last part, the file name pattern (as in <folder>/part-*.parquet){Environment.NewLine}", load.Error);
    }

    [Fact]
    public async Task A_missing_done_names_require_done_in_text_and_json()
    {
        WriteParquet("part-0.parquet", "SELECT 1::BIGINT AS id");

        var load = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "parquet", "--require-done", "--table", Table, "--json");

        var expected = $"{Folder} has no .DONE file, and --require-done asks for one: the sender has not finished writing (or does not write a .DONE); nothing was read";
        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Equal($"error: {expected}{Environment.NewLine}", load.Error);
        Assert.Equal(expected, load.Json().GetProperty("error").GetString());
    }

    [Fact]
    public async Task No_matching_files_names_files()
    {
        WriteParquet("part-0.parquet", "SELECT 1::BIGINT AS id");

        var manifest = await Cli.ExporterAsync("manifest", "--files", Path.Combine(Folder, "x-*.parquet"), "--format", "parquet");

        Assert.True(manifest.ExitCode == 2, manifest.ToString());
        Assert.Equal($"error: no files in {Folder} match 'x-*.parquet' (hidden files, starting with '_' or '.', and manifest.json are never data; --files names a folder, optionally followed by a file name pattern with *); nothing was read{Environment.NewLine}", manifest.Error);
    }

    [Fact]
    public async Task A_file_of_another_schema_than_the_one_given_names_schema()
    {
        WriteParquet("part-0.parquet", "SELECT 1::BIGINT AS id");

        var load = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "parquet", "--schema", "id INT", "--table", Table);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Equal($"error: part-0.parquet has a different schema from --schema: its column 1 is 'id long', not 'id integer'; one export has one schema, so nothing was loaded (select files of one schema with a pattern){Environment.NewLine}", load.Error);
    }

    [Fact]
    public async Task An_avro_file_whose_header_does_not_read_names_schema()
    {
        Directory.CreateDirectory(Folder);
        await File.WriteAllTextAsync(Path.Combine(Folder, "part-0.avro"), "not avro at all");

        var load = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "avro", "--table", Table);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.StartsWith("error: part-0.avro is not an Avro container file whose header can be read (", load.Error, StringComparison.Ordinal);
        Assert.EndsWith($"); give --schema only if it is Avro at all{Environment.NewLine}", load.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_changed_while_read_is_said_with_require_done()
    {
        Assert.Equal(
            "a.csv changed while it was read (1000 bytes when listed, 990 read): is the sender still writing? Run again once it has finished (--require-done waits for its .DONE)",
            FilesArguments.Describe(new ChangedWhileRead("a.csv", 1000, 990)));
    }

    [Fact]
    public async Task A_blob_location_over_http_without_a_credential_names_the_credential_flags()
    {
        // Azurite's address: nothing needs to listen there, the refusal comes before any request.
        var table = "http://127.0.0.1:1/devstoreaccount1/tables/orders";

        var inspect = await Cli.SparkJobAsync("inspect", "--table", table);

        Assert.True(inspect.ExitCode == 4, inspect.ToString());
        Assert.Equal($"error: no credential for {table}: it is served over http (an emulator such as Azurite), where Azure tokens cannot be sent; give a SAS in its URL, --sas, --account-key or --connection-string (or AZURE_STORAGE_SAS_TOKEN, AZURE_STORAGE_KEY, AZURE_STORAGE_CONNECTION_STRING){Environment.NewLine}", inspect.Error);
    }

    [Fact]
    public async Task A_vacuum_window_below_the_tables_names_force()
    {
        await DailyTable.LoadOverwritesAsync(_temp.Combine("exports"), Table, [], 100, 200);

        var vacuum = await Cli.SparkJobAsync("vacuum", "--table", Table, "--retain-hours", "0", "--json");

        var expected = $"refusing to vacuum {Table} with a 0-hour window: the table keeps removed files for 168 hours (delta.deletedFileRetentionDuration), and a shorter window can delete files that readers of older versions or writers still running need. Nothing was deleted. If nothing else reads or writes the table now, add --force";
        Assert.True(vacuum.ExitCode == 2, vacuum.ToString());
        Assert.Equal(expected, vacuum.Json().GetProperty("error").GetString());
        Assert.Equal("bad-input", vacuum.Json().GetProperty("kind").GetString());
    }

    private void WriteParquet(string name, string select)
    {
        Directory.CreateDirectory(Folder);
        using var duck = new DuckDb();
        duck.Execute($"COPY ({select}) TO {DuckDb.Quote(Path.Combine(Folder, name))} (FORMAT PARQUET)");
    }
}
