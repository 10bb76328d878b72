using System.Security.Cryptography;
using Handoff.Tests.Delta.Support;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Job;

/// <summary>
/// Files that are not ours: Parquet, CSV and JSON written by DuckDB's own COPY ... TO (not by our
/// exporter) into a folder, loaded with <c>load --files</c> through a manifest built from them.
/// </summary>
public sealed class LoadFilesTests : IDisposable
{
    private const string Columns = "CAST(i AS BIGINT) AS id, 'name ' || i AS name, CAST(i * 1.25 AS DECIMAL(18,2)) AS amount, DATE '2024-01-01' + CAST(i % 300 AS INTEGER) AS day, TIMESTAMP '2024-01-01 00:00:00' + to_seconds(i) AS seen_at, i % 2 = 0 AS even, CASE WHEN i % 7 = 0 THEN NULL ELSE CAST(i * 0.5 AS DOUBLE) END AS score";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Folder => _temp.Combine("amperity", "2025-01-01");

    private string Table => _temp.Combine("table");

    [Fact]
    public async Task Parquet_written_by_duckdb_into_a_folder_with_done_loads_and_validates_against_its_footers()
    {
        WriteParquet(("part-00000.parquet", 0, 700), ("part-00001.parquet", 700, 1200), ("part-00002.parquet", 1200, 1500));
        await File.WriteAllTextAsync(Path.Combine(Folder, ".DONE"), string.Empty);
        await File.WriteAllTextAsync(Path.Combine(Folder, "_SUCCESS"), string.Empty);

        var load = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "parquet", "--require-done", "--table", Table, "--json");

        Assert.True(load.ExitCode == 0, load.ToString());
        var json = load.Json();
        Assert.True(json.GetProperty("passed").GetBoolean(), load.Out);
        var checks = json.GetProperty("report").GetProperty("checks").EnumerateArray().ToList();
        Assert.Contains(checks, c => c.GetProperty("name").GetString() == "row count" && c.GetProperty("expected").GetString() == "1500 rows" && c.GetProperty("status").GetString() == "passed");
        Assert.All(checks, c => Assert.Equal("passed", c.GetProperty("status").GetString()));
        using var duck = new DuckDb();
        var footerRows = duck.Scalar<long>($"SELECT CAST(sum(num_rows) AS BIGINT) FROM parquet_file_metadata({DuckDb.Quote(Path.Combine(Folder, "*.parquet"))})");
        var inspect = await Cli.SparkJobAsync("inspect", "--table", Table, "--json");
        Assert.Equal(footerRows, inspect.Json().GetProperty("rowCount").GetInt64());
        var columns = inspect.Json().GetProperty("columns").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()} {c.GetProperty("type").GetString()}").ToList();
        Assert.Equal(["id long", "name string", "amount decimal(18,2)", "day date", "seen_at timestamp", "even boolean", "score double"], columns);
    }

    [Fact]
    public async Task The_loaded_rows_are_the_files_rows_as_duckdb_reads_both()
    {
        WriteParquet(("a.parquet", 0, 400), ("b.parquet", 400, 1000));

        var load = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "parquet", "--table", Table);

        Assert.True(load.ExitCode == 0, load.ToString());
        using var duck = new DuckDb();
        var tableFiles = Directory.GetFiles(Table, "*.parquet", SearchOption.AllDirectories);
        var sourceSum = duck.Scalar<string>($"SELECT CAST(sum(hash(id, name, amount, day, seen_at, even, score)) AS VARCHAR) FROM read_parquet({DuckDb.Quote(Path.Combine(Folder, "*.parquet"))})");
        var tableSum = duck.Scalar<string>($"SELECT CAST(sum(hash(id, name, amount, day, seen_at, even, score)) AS VARCHAR) FROM read_parquet({DuckDb.FileList(tableFiles)})");
        Assert.Equal(sourceSum, tableSum);
    }

    [Fact]
    public async Task A_pattern_selects_the_files_and_a_rerun_over_the_same_files_skips()
    {
        WriteParquet(("part-00000.parquet", 0, 100), ("part-00001.parquet", 100, 300));
        using (var duck = new DuckDb())
        {
            duck.Execute($"COPY (SELECT 1 AS other) TO {DuckDb.Quote(Path.Combine(Folder, "extra.parquet"))} (FORMAT PARQUET)");
        }

        var first = await Cli.SparkJobAsync("load", "--files", Path.Combine(Folder, "part-*.parquet"), "--format", "parquet", "--table", Table, "--json");
        var again = await Cli.SparkJobAsync("load", "--files", Path.Combine(Folder, "part-*.parquet"), "--format", "parquet", "--table", Table, "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(300, first.Json().LoadedRows());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.True(again.Json().GetProperty("skipped").GetBoolean(), again.Out);
        Assert.Single(Directory.GetFiles(Path.Combine(Table, "_delta_log"), "*.json"));
    }

    [Fact]
    public async Task Newer_files_in_the_folder_make_a_new_export_that_loads()
    {
        WriteParquet(("part-00000.parquet", 0, 100));
        Assert.Equal(0, (await Cli.SparkJobAsync("load", "--files", Folder, "--format", "parquet", "--table", Table)).ExitCode);
        Directory.Delete(Folder, recursive: true);
        WriteParquet(("part-00000.parquet", 0, 250));
        File.SetLastWriteTimeUtc(Path.Combine(Folder, "part-00000.parquet"), DateTime.UtcNow.AddMinutes(1));

        var next = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "parquet", "--table", Table, "--json");

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.False(next.Json().GetProperty("skipped").GetBoolean(), next.Out);
        Assert.Equal(250, next.Json().LoadedRows());
    }

    [Fact]
    public async Task Csv_with_a_schema_loads_and_its_rows_are_counted_by_reading()
    {
        Directory.CreateDirectory(Folder);
        using (var duck = new DuckDb())
        {
            duck.Execute($"COPY (SELECT {Columns} FROM range(0, 800) t(i)) TO {DuckDb.Quote(Path.Combine(Folder, "a.csv"))} (FORMAT CSV, HEADER true, TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%S.%fZ')");
            duck.Execute($"COPY (SELECT {Columns} FROM range(800, 1000) t(i)) TO {DuckDb.Quote(Path.Combine(Folder, "b.csv.gz"))} (FORMAT CSV, HEADER true, COMPRESSION gzip, TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%S.%fZ')");
        }

        var schema = "id BIGINT NOT NULL, name STRING, amount DECIMAL(18,2), day DATE, seen_at TIMESTAMP, even BOOLEAN, score DOUBLE";
        var mixed = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "csv", "--schema", schema, "--table", Table);
        var load = await Cli.SparkJobAsync("load", "--files", Path.Combine(Folder, "*.csv"), "--format", "csv", "--schema", schema, "--table", Table, "--json");

        Assert.True(mixed.ExitCode == 2, mixed.ToString());
        Assert.Contains("gzip", mixed.Error, StringComparison.Ordinal);
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Equal(800, load.Json().LoadedRows());
        var gz = await Cli.SparkJobAsync("load", "--files", Path.Combine(Folder, "*.csv.gz"), "--format", "csv", "--schema", schema, "--table", _temp.Combine("gz"), "--json");
        Assert.True(gz.ExitCode == 0, gz.ToString());
        Assert.Equal(200, gz.Json().LoadedRows());
    }

    [Fact]
    public async Task Json_with_a_schema_loads()
    {
        Directory.CreateDirectory(Folder);
        using (var duck = new DuckDb())
        {
            duck.Execute($"COPY (SELECT CAST(i AS BIGINT) AS id, 'n' || i AS name FROM range(0, 321) t(i)) TO {DuckDb.Quote(Path.Combine(Folder, "rows.json"))} (FORMAT JSON)");
        }

        var load = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "json", "--schema", "id BIGINT, name STRING", "--table", Table, "--json");

        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Equal(321, load.Json().LoadedRows());
    }

    [Fact]
    public async Task Files_that_match_nothing_are_refused_and_nothing_is_loaded()
    {
        WriteParquet(("part-00000.parquet", 0, 10));

        var load = await Cli.SparkJobAsync("load", "--files", Path.Combine(Folder, "*.csv"), "--format", "csv", "--schema", "id BIGINT", "--table", Table);
        var empty = await Cli.SparkJobAsync("load", "--files", _temp.Combine("nothing-here"), "--format", "parquet", "--table", Table);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Contains("no files", load.Error, StringComparison.Ordinal);
        Assert.Contains("*.csv", load.Error, StringComparison.Ordinal);
        Assert.True(empty.ExitCode == 2, empty.ToString());
        Assert.False(Directory.Exists(Table));
    }

    [Fact]
    public async Task Parquet_files_with_different_schemas_are_refused_naming_the_file()
    {
        WriteParquet(("part-00000.parquet", 0, 10));
        using (var duck = new DuckDb())
        {
            duck.Execute($"COPY (SELECT CAST(i AS BIGINT) AS id, i * 2.0 AS name FROM range(5) t(i)) TO {DuckDb.Quote(Path.Combine(Folder, "part-00001.parquet"))} (FORMAT PARQUET)");
        }

        var load = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "parquet", "--table", Table);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Contains("part-00001.parquet has a different schema from part-00000.parquet", load.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Table));
    }

    [Fact]
    public async Task Csv_without_a_schema_is_refused()
    {
        Directory.CreateDirectory(Folder);
        await File.WriteAllTextAsync(Path.Combine(Folder, "a.csv"), "id\n1\n");

        var load = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "csv", "--table", Table);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Contains("--schema", load.Error, StringComparison.Ordinal);
        Assert.Contains("never inferred", load.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Table));
    }

    [Fact]
    public async Task A_missing_done_with_require_done_is_refused()
    {
        WriteParquet(("part-00000.parquet", 0, 10));

        var load = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "parquet", "--require-done", "--table", Table);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Contains("no .DONE", load.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Table));
    }

    [Fact]
    public async Task A_csv_record_that_does_not_fit_the_schema_is_refused_naming_file_and_line()
    {
        Directory.CreateDirectory(Folder);
        await File.WriteAllTextAsync(Path.Combine(Folder, "a.csv"), "id,name\n1,x\ntwo,y\n");

        var load = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "csv", "--schema", "id BIGINT, name STRING", "--table", Table);

        Assert.True(load.ExitCode == 2, load.ToString());
        Assert.Contains("a.csv", load.Error, StringComparison.Ordinal);
        Assert.Contains("line 3", load.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Table));
    }

    [Fact]
    public async Task Manifest_and_files_are_mutually_exclusive()
    {
        WriteParquet(("part-00000.parquet", 0, 10));

        var both = await Cli.SparkJobAsync("load", "--files", Folder, "--format", "parquet", "--manifest", Folder, "--table", Table);
        var neither = await Cli.SparkJobAsync("load", "--table", Table);
        var stray = await Cli.SparkJobAsync("load", "--manifest", Folder, "--schema", "id BIGINT", "--table", Table);

        Assert.True(both.ExitCode == 2, both.ToString());
        Assert.True(neither.ExitCode == 2, neither.ToString());
        Assert.True(stray.ExitCode == 2, stray.ToString());
        Assert.Contains("--files", stray.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exporter_manifest_prints_sizes_checksums_and_rows_and_writes_it_create_new()
    {
        WriteParquet(("part-00000.parquet", 0, 600), ("part-00001.parquet", 600, 1000));

        var printed = await Cli.ExporterAsync("manifest", "--files", Folder, "--format", "parquet");
        var written = await Cli.ExporterAsync("manifest", "--files", Folder, "--format", "parquet", "--write", "--json");
        var again = await Cli.ExporterAsync("manifest", "--files", Folder, "--format", "parquet", "--write");

        Assert.True(printed.ExitCode == 0, printed.ToString());
        var manifest = Handoff.Shared.Manifest.ManifestJson.Parse(System.Text.Encoding.UTF8.GetBytes(printed.Out));
        Assert.StartsWith("files-", manifest.ExportId, StringComparison.Ordinal);
        Assert.Equal(1000, manifest.RowCount);
        foreach (var file in manifest.Files)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(Folder, file.Path));
            Assert.Equal(bytes.LongLength, file.Bytes);
            Assert.Equal("md5:" + Convert.ToHexStringLower(MD5.HashData(bytes)), file.Checksum);
        }

        Assert.True(written.ExitCode == 0, written.ToString());
        Assert.True(written.Json().GetProperty("written").GetBoolean());
        Assert.Equal(printed.Out, await File.ReadAllTextAsync(Path.Combine(Folder, "manifest.json")));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already committed", again.Out, StringComparison.Ordinal);

        // The committed manifest is a manifest like any other: load and validate go through it.
        var load = await Cli.SparkJobAsync("load", "--manifest", Folder, "--table", Table);
        var validate = await Cli.SparkJobAsync("validate", "--manifest", Folder, "--table", Table);
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.True(validate.ExitCode == 0, validate.ToString());
    }

    [Fact]
    public async Task A_committed_manifest_that_differs_is_never_replaced()
    {
        WriteParquet(("part-00000.parquet", 0, 10));
        Assert.Equal(0, (await Cli.ExporterAsync("manifest", "--files", Folder, "--format", "parquet", "--write")).ExitCode);
        var before = await File.ReadAllTextAsync(Path.Combine(Folder, "manifest.json"));
        File.SetLastWriteTimeUtc(Path.Combine(Folder, "part-00000.parquet"), DateTime.UtcNow.AddMinutes(5));

        var second = await Cli.ExporterAsync("manifest", "--files", Folder, "--format", "parquet", "--write");

        Assert.True(second.ExitCode == 2, second.ToString());
        Assert.Contains("never replaced", second.Error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(Folder, "manifest.json")));
    }

    [Fact]
    public async Task Unsigned_parquet_columns_are_refused_naming_the_column()
    {
        Directory.CreateDirectory(Folder);
        using (var duck = new DuckDb())
        {
            duck.Execute($"COPY (SELECT CAST(i AS UINTEGER) AS counter FROM range(3) t(i)) TO {DuckDb.Quote(Path.Combine(Folder, "u.parquet"))} (FORMAT PARQUET)");
        }

        var manifest = await Cli.ExporterAsync("manifest", "--files", Folder, "--format", "parquet");

        Assert.True(manifest.ExitCode == 2, manifest.ToString());
        Assert.Contains("'counter'", manifest.Error, StringComparison.Ordinal);
        Assert.Contains("unsigned", manifest.Error, StringComparison.Ordinal);
    }

    private void WriteParquet(params (string Name, int From, int To)[] files)
    {
        Directory.CreateDirectory(Folder);
        using var duck = new DuckDb();
        foreach (var (name, from, to) in files)
        {
            duck.Execute($"COPY (SELECT {Columns} FROM range({from}, {to}) t(i)) TO {DuckDb.Quote(Path.Combine(Folder, name))} (FORMAT PARQUET)");
        }
    }
}
