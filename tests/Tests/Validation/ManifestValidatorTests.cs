using Handoff.Shared.Schema;
using Handoff.Shared.Validation;
using Handoff.SparkJob.Validation;
using Xunit;

namespace Handoff.Tests.Validation;

public class ManifestValidatorTests
{
    private static void AssertCheck(ValidationReport report, string name, string expected, string actual, CheckStatus status)
    {
        var check = report.Check(name);
        Assert.Equal((name, expected, actual, status), (check.Name, check.Expected, check.Actual, check.Status));
    }

    [Fact]
    public void Matching_load_passes_every_check()
    {
        var report = ValidationSamples.Validate();

        Assert.True(report.Passed);
        Assert.All(report.Checks, c => Assert.Equal(CheckStatus.Passed, c.Status));
        Assert.Equal(
            [
                "file part-00000.parquet exists", "file part-00000.parquet bytes", "file part-00000.parquet checksum (stored MD5)", "file part-00000.parquet rows",
                "file part-00001.parquet exists", "file part-00001.parquet bytes", "file part-00001.parquet checksum (stored MD5)", "file part-00001.parquet rows",
                "row count", "schema columns",
                "column customer_id type", "column customer_id nullability", "column customer_id nulls",
                "column amount type", "column amount nullability",
                "column note type", "column note nullability",
            ],
            report.Checks.Select(c => c.Name));
        Assert.Equal(("daily-2026-11-25", "main.sales.daily", 3L, ValidationSamples.Now), (report.ExportId, report.Table, report.Version, report.StartedAt));
        AssertCheck(report, "row count", "10 rows", "10 rows", CheckStatus.Passed);
        AssertCheck(report, "schema columns", "customer_id, amount, note", "customer_id, amount, note", CheckStatus.Passed);
        AssertCheck(report, "column amount type", "decimal(18,2)", "decimal(18,2)", CheckStatus.Passed);
    }

    // ---- files

    [Fact]
    public void Missing_file_fails_and_skips_its_other_checks()
    {
        var files = ValidationSamples.Files();
        files[1] = files[1] with { Exists = false, Bytes = null, Checksum = null, Rows = null };

        var report = ValidationSamples.Validate(files: files);

        Assert.False(report.Passed);
        AssertCheck(report, "file part-00001.parquet exists", "exists", "missing", CheckStatus.Failed);
        Assert.DoesNotContain(report.Checks, c => c.Name == "file part-00001.parquet bytes");
    }

    [Fact]
    public void File_the_engine_reported_nothing_about_fails()
    {
        var report = ValidationSamples.Validate(files: ValidationSamples.Files().Take(1).ToList());

        AssertCheck(report, "file part-00001.parquet exists", "exists", "not checked (the engine reported nothing for this file)", CheckStatus.Failed);
    }

    [Fact]
    public void File_size_mismatch_fails()
    {
        var files = ValidationSamples.Files();
        files[1] = files[1] with { Bytes = 998 };

        var report = ValidationSamples.Validate(files: files);

        Assert.False(report.Passed);
        AssertCheck(report, "file part-00001.parquet bytes", "999", "998", CheckStatus.Failed);
    }

    [Fact]
    public void File_checksum_mismatch_fails()
    {
        var files = ValidationSamples.Files();
        files[0] = files[0] with { Checksum = ValidationSamples.Md5B };

        var report = ValidationSamples.Validate(files: files);

        Assert.False(report.Passed);
        AssertCheck(report, "file part-00000.parquet checksum (stored MD5)", ValidationSamples.Md5A, ValidationSamples.Md5B, CheckStatus.Failed);
    }

    [Fact]
    public void File_checksum_in_uppercase_hex_still_matches()
    {
        var files = ValidationSamples.Files();
        files[0] = files[0] with { Checksum = "md5:" + ValidationSamples.Md5A[4..].ToUpperInvariant() };

        AssertCheck(ValidationSamples.Validate(files: files), "file part-00000.parquet checksum (stored MD5)", ValidationSamples.Md5A, ValidationSamples.Md5A, CheckStatus.Passed);
    }

    [Fact]
    public void File_row_count_mismatch_fails()
    {
        var files = ValidationSamples.Files();
        files[0] = files[0] with { Rows = 5 };

        var report = ValidationSamples.Validate(files: files);

        Assert.False(report.Passed);
        AssertCheck(report, "file part-00000.parquet rows", "6", "5", CheckStatus.Failed);
    }

    [Fact]
    public void Unknown_file_facts_are_unverified_and_do_not_fail_the_run()
    {
        var files = ValidationSamples.Files();
        files[0] = files[0] with { Bytes = null, Checksum = null, Rows = null };

        var report = ValidationSamples.Validate(files: files);

        Assert.True(report.Passed);
        Assert.Equal(3, report.UnverifiedCount);
        AssertCheck(report, "file part-00000.parquet bytes", "1234", "unknown (storage reported no size)", CheckStatus.Unverified);
        AssertCheck(report, "file part-00000.parquet checksum", ValidationSamples.Md5A, "unknown (storage reported no checksum)", CheckStatus.Unverified);
        AssertCheck(report, "file part-00000.parquet rows", "6", "unknown (rows were not counted)", CheckStatus.Unverified);
    }

    // ---- row count

    [Fact]
    public void Overwrite_with_a_different_table_row_count_fails()
    {
        var report = ValidationSamples.Validate(table: ValidationSamples.Table() with { TableRowCount = 11 });

        Assert.False(report.Passed);
        AssertCheck(report, "row count", "10 rows", "11 rows", CheckStatus.Failed);
    }

    [Fact]
    public void Append_compares_the_rows_the_commit_added_not_the_table_total()
    {
        var table = ValidationSamples.Table() with { Mode = TableFacts.Append, TableRowCount = 25, RowsAddedByCommit = 10 };

        AssertCheck(ValidationSamples.Validate(table: table), "row count", "10 rows added", "10 rows added", CheckStatus.Passed);
    }

    [Fact]
    public void Append_that_added_a_different_number_of_rows_fails()
    {
        var table = ValidationSamples.Table() with { Mode = TableFacts.Append, TableRowCount = 25, RowsAddedByCommit = 9 };

        AssertCheck(ValidationSamples.Validate(table: table), "row count", "10 rows added", "9 rows added", CheckStatus.Failed);
    }

    [Fact]
    public void Append_without_the_commits_row_count_fails()
    {
        var table = ValidationSamples.Table() with { Mode = TableFacts.Append, RowsAddedByCommit = null };

        var report = ValidationSamples.Validate(table: table);

        Assert.False(report.Passed);
        Assert.Equal(CheckStatus.Failed, report.Check("row count").Status);
        Assert.StartsWith("unknown", report.Check("row count").Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_mode_is_a_programming_error()
    {
        var e = Assert.Throws<ArgumentException>(() => ValidationSamples.Validate(table: ValidationSamples.Table() with { Mode = "merge" }));
        Assert.Contains("merge", e.Message, StringComparison.Ordinal);
    }

    // ---- schema columns

    [Fact]
    public void Renamed_column_is_reported_at_its_position()
    {
        var table = ValidationSamples.Table();
        table = table with { Columns = [table.Columns[0], table.Columns[1] with { Name = "amt" }, table.Columns[2]] };

        var report = ValidationSamples.Validate(table: table);

        Assert.False(report.Passed);
        AssertCheck(report, "schema columns", "column 2 'amount'", "column 2 'amt'", CheckStatus.Failed);
        AssertCheck(report, "column amount type", "decimal(18,2)", "column not in table", CheckStatus.Failed);
    }

    [Fact]
    public void Swapped_columns_are_reported_at_the_first_difference()
    {
        var table = ValidationSamples.Table();
        table = table with { Columns = [table.Columns[0], table.Columns[2], table.Columns[1]] };

        AssertCheck(ValidationSamples.Validate(table: table), "schema columns", "column 2 'amount'", "column 2 'note'", CheckStatus.Failed);
    }

    [Fact]
    public void Missing_last_column_is_reported()
    {
        var table = ValidationSamples.Table();
        table = table with { Columns = table.Columns.Take(2).ToList() };

        var report = ValidationSamples.Validate(table: table);

        AssertCheck(report, "schema columns", "column 3 'note'", "missing (the table has 2 columns)", CheckStatus.Failed);
        AssertCheck(report, "column note type", "string", "column not in table", CheckStatus.Failed);
    }

    [Fact]
    public void Extra_table_column_is_reported()
    {
        var table = ValidationSamples.Table();
        table = table with { Columns = [.. table.Columns, new TableColumnFact("loaded_at", "timestamp", true)] };

        AssertCheck(ValidationSamples.Validate(table: table), "schema columns", "3 columns", "4 columns; column 4 'loaded_at' is extra", CheckStatus.Failed);
    }

    [Fact]
    public void Column_names_differing_only_in_case_match_as_in_spark()
    {
        var table = ValidationSamples.Table();
        table = table with
        {
            Columns = [table.Columns[0] with { Name = "Customer_ID" }, table.Columns[1], table.Columns[2]],
            NullCounts = new Dictionary<string, long> { ["Customer_ID"] = 0 },
        };

        var report = ValidationSamples.Validate(table: table);

        Assert.True(report.Passed, string.Join("; ", report.Checks.Where(c => c.Status != CheckStatus.Passed)));
        AssertCheck(report, "column customer_id nulls", "0 nulls", "0 nulls", CheckStatus.Passed);
    }

    // ---- column types

    [Fact]
    public void Different_column_type_fails()
    {
        var table = ValidationSamples.Table();
        table = table with { Columns = [table.Columns[0] with { Type = "integer" }, table.Columns[1], table.Columns[2]] };

        var report = ValidationSamples.Validate(table: table);

        Assert.False(report.Passed);
        AssertCheck(report, "column customer_id type", "long", "integer", CheckStatus.Failed);
    }

    [Fact]
    public void Different_decimal_scale_fails()
    {
        var table = ValidationSamples.Table();
        table = table with { Columns = [table.Columns[0], table.Columns[1] with { Type = "decimal(18,3)" }, table.Columns[2]] };

        AssertCheck(ValidationSamples.Validate(table: table), "column amount type", "decimal(18,2)", "decimal(18,3)", CheckStatus.Failed);
    }

    [Fact]
    public void Spark_sql_type_aliases_are_the_same_type()
    {
        var table = ValidationSamples.Table();
        table = table with { Columns = [table.Columns[0] with { Type = "bigint" }, table.Columns[1] with { Type = "DECIMAL(18, 2)" }, table.Columns[2]] };

        var report = ValidationSamples.Validate(table: table);

        AssertCheck(report, "column customer_id type", "long", "long", CheckStatus.Passed);
        AssertCheck(report, "column amount type", "decimal(18,2)", "decimal(18,2)", CheckStatus.Passed);
    }

    [Fact]
    public void Table_type_outside_the_manifest_vocabulary_fails_with_its_name()
    {
        var table = ValidationSamples.Table();
        table = table with { Columns = [table.Columns[0], table.Columns[1], table.Columns[2] with { Type = "timestamp_ntz" }] };

        AssertCheck(ValidationSamples.Validate(table: table), "column note type", "string", "timestamp_ntz (not a manifest type)", CheckStatus.Failed);
    }

    // ---- nullability and nulls

    [Fact]
    public void Nullable_manifest_column_in_a_not_null_table_column_fails()
    {
        var table = ValidationSamples.Table();
        table = table with { Columns = [table.Columns[0], table.Columns[1] with { Nullable = false }, table.Columns[2]] };

        var report = ValidationSamples.Validate(table: table);

        Assert.False(report.Passed);
        AssertCheck(report, "column amount nullability", "nullable", "not null", CheckStatus.Failed);
    }

    [Fact]
    public void Not_null_manifest_column_may_load_into_a_nullable_table_column()
    {
        var table = ValidationSamples.Table();
        table = table with { Columns = [table.Columns[0] with { Nullable = true }, table.Columns[1], table.Columns[2]] };

        var report = ValidationSamples.Validate(table: table);

        Assert.True(report.Passed);
        AssertCheck(report, "column customer_id nullability", "nullable or not null", "nullable", CheckStatus.Passed);
    }

    [Fact]
    public void Nulls_in_a_not_null_manifest_column_fail()
    {
        var table = ValidationSamples.Table();
        table = table with
        {
            Columns = [table.Columns[0] with { Nullable = true }, table.Columns[1], table.Columns[2]],
            NullCounts = new Dictionary<string, long> { ["customer_id"] = 3 },
        };

        var report = ValidationSamples.Validate(table: table);

        Assert.False(report.Passed);
        AssertCheck(report, "column customer_id nulls", "0 nulls", "3 nulls", CheckStatus.Failed);
    }

    [Fact]
    public void Nulls_without_stats_in_a_nullable_table_column_are_unverified()
    {
        var table = ValidationSamples.Table();
        table = table with { Columns = [table.Columns[0] with { Nullable = true }, table.Columns[1], table.Columns[2]], NullCounts = null };

        var report = ValidationSamples.Validate(table: table);

        Assert.True(report.Passed);
        AssertCheck(report, "column customer_id nulls", "0 nulls", "unknown (no stats)", CheckStatus.Unverified);
    }

    [Fact]
    public void Nulls_without_stats_in_a_not_null_table_column_pass_by_the_constraint()
    {
        var report = ValidationSamples.Validate(table: ValidationSamples.Table() with { NullCounts = null });

        AssertCheck(report, "column customer_id nulls", "0 nulls", "0 nulls (the table column is NOT NULL)", CheckStatus.Passed);
    }

    [Fact]
    public void Nullable_manifest_columns_get_no_nulls_check()
    {
        var manifest = ValidationSamples.Manifest() with
        {
            Schema = new TableSchema(ValidationSamples.Manifest().Schema.Select(c => c with { Nullable = true })),
        };
        var table = ValidationSamples.Table() with { NullCounts = new Dictionary<string, long> { ["customer_id"] = 4 } };
        table = table with { Columns = [table.Columns[0] with { Nullable = true }, table.Columns[1], table.Columns[2]] };

        var report = ValidationSamples.Validate(manifest, table: table);

        Assert.True(report.Passed);
        Assert.DoesNotContain(report.Checks, c => c.Name.EndsWith(" nulls", StringComparison.Ordinal));
    }
}
