using Handoff.Exporter.Databricks.Submit;
using Handoff.Shared.Storage;
using Handoff.Shared.Validation;
using Handoff.SparkJob.Cli;
using Handoff.SparkJob.Delta.History;
using Handoff.SparkJob.History;
using Handoff.SparkJob.Job;
using Handoff.SparkJob.Validation;
using Xunit;

namespace Handoff.Tests.Validation;

/// <summary>
/// The validation report's JSON, byte for byte, as --report-json, the validation-history table and
/// the launcher's report line carry it (and the summary as `history --json` shows it): scripts and
/// stored history rows depend on these names, their order and number forms. Pinned from the
/// hand-written writer before the report became a source-generated serialisation.
/// </summary>
public class ValidationReportGoldenTests
{
    private static readonly ValidationCheck[] Checks =
    [
        new("row count", "10 rows", "11 rows", CheckStatus.Failed),
        new("column a nulls", "0 nulls", "unknown (no stats)", CheckStatus.Unverified),
        new("file part-0.parquet size", "12 bytes", "12 bytes", CheckStatus.Passed),
    ];

    private static readonly ValidationSummary FullSummary = new()
    {
        Files = 1,
        FilesVerified = 1,
        Checksums = "stored MD5",
        Bytes = 12,
        Mode = "overwrite",
        RowsExpected = 10,
        RowsActual = 11,
        Columns = 2,
        NamesMatch = true,
        TypesMatch = true,
        NullabilityMatch = false,
        TableVersion = 7,
        TableRows = 11,
        Elapsed = TimeSpan.FromMilliseconds(1234.5),
    };

    private const string FullJson = """
        {
          "exportId": "daily-1",
          "table": "/data/sales é <b> \"q\"",
          "version": 7,
          "startedAt": "2026-11-25T10:05:00.123+00:00",
          "passed": false,
          "summary": {
            "files": 1,
            "filesVerified": 1,
            "checksums": "stored MD5",
            "bytes": 12,
            "mode": "overwrite",
            "rowsExpected": 10,
            "rowsActual": 11,
            "columns": 2,
            "namesMatch": true,
            "typesMatch": true,
            "nullabilityMatch": false,
            "tableVersion": 7,
            "tableRows": 11,
            "checks": 3,
            "failedChecks": 1,
            "unverifiedChecks": 1,
            "elapsedMs": 1234
          },
          "checks": [
            {
              "name": "row count",
              "expected": "10 rows",
              "actual": "11 rows",
              "status": "failed"
            },
            {
              "name": "column a nulls",
              "expected": "0 nulls",
              "actual": "unknown (no stats)",
              "status": "unverified"
            },
            {
              "name": "file part-0.parquet size",
              "expected": "12 bytes",
              "actual": "12 bytes",
              "status": "passed"
            }
          ]
        }
        """;

    // A report written before reports carried a summary (a history row of an older version).
    private const string OlderJson = """
        {
          "exportId": "daily-0",
          "table": "/data/sales",
          "version": 3,
          "startedAt": "2026-11-24T10:05:00+00:00",
          "passed": true,
          "checks": [
            {
              "name": "row count",
              "expected": "10 rows",
              "actual": "10 rows",
              "status": "passed"
            }
          ]
        }
        """;

    private static ValidationReport Full() =>
        new("daily-1", "/data/sales é <b> \"q\"", 7, new DateTimeOffset(2026, 11, 25, 12, 5, 0, 123, TimeSpan.FromHours(2)), Checks) { Summary = FullSummary };

    [Fact]
    public void A_report_with_every_summary_field_is_written_as_before()
    {
        Assert.Equal(FullJson, Full().ToJson());
    }

    [Fact]
    public void A_summary_without_checksums_rows_or_elapsed_time_leaves_out_what_it_always_left_out()
    {
        var report = Full() with { Summary = FullSummary with { Checksums = null, RowsActual = null, Elapsed = null }, Checks = [] };

        Assert.Equal(
            """
            {
              "exportId": "daily-1",
              "table": "/data/sales é <b> \"q\"",
              "version": 7,
              "startedAt": "2026-11-25T10:05:00.123+00:00",
              "passed": true,
              "summary": {
                "files": 1,
                "filesVerified": 1,
                "bytes": 12,
                "mode": "overwrite",
                "rowsExpected": 10,
                "rowsActual": null,
                "columns": 2,
                "namesMatch": true,
                "typesMatch": true,
                "nullabilityMatch": false,
                "tableVersion": 7,
                "tableRows": 11,
                "checks": 0,
                "failedChecks": 0,
                "unverifiedChecks": 0
              },
              "checks": []
            }
            """,
            report.ToJson());
    }

    [Fact]
    public void A_report_without_a_summary_has_no_summary_field()
    {
        var report = new ValidationReport("daily-0", "/data/sales", 3, new DateTimeOffset(2026, 11, 24, 10, 5, 0, TimeSpan.Zero), [new("row count", "10 rows", "10 rows", CheckStatus.Passed)]);

        Assert.Equal(OlderJson, report.ToJson());
    }

    [Fact]
    public void History_json_shows_a_stored_summary_without_the_report_level_counts()
    {
        var line = new HistoryLine(
            new VersionChange(7, new DateTimeOffset(2026, 11, 25, 10, 5, 1, TimeSpan.Zero), "WRITE", "daily-1", 11, 0),
            new RecordedValidation("daily-1", 7, "overwrite", false, 3, 1, new DateTimeOffset(2026, 11, 25, 10, 5, 2, TimeSpan.Zero)) { Summary = FullSummary });

        var json = HistoryOutput.ToJson(new LocalLocation("/data/sales"), new LocalLocation("/data/sales_validation"), [line]);

        Assert.Equal(
            """{"files":1,"filesVerified":1,"checksums":"stored MD5","bytes":12,"mode":"overwrite","rowsExpected":10,"rowsActual":11,"columns":2,"namesMatch":true,"typesMatch":true,"nullabilityMatch":false,"tableVersion":7,"tableRows":11,"elapsedMs":1234}""",
            json["versions"]![0]!["validation"]!["summary"]!.ToJsonString());
    }

    [Theory]
    [InlineData(FullJson)]
    [InlineData(OlderJson)]
    public void A_report_read_back_through_its_type_is_written_again_byte_for_byte(string json)
    {
        var report = ValidationReportJson.Read(json);

        Assert.NotNull(report);
        Assert.Equal(json, report.ToJson());
    }

    [Fact]
    public void The_launchers_one_line_report_reads_back_as_the_same_report()
    {
        // The launcher prints the report file as one line (json.dumps with compact separators).
        var line = System.Text.Json.Nodes.JsonNode.Parse(FullJson)!.ToJsonString();

        var output = LauncherOutput.Parse($"handoff: running spark-job load\n{LauncherOutput.ReportMarker}{line}\n{LauncherOutput.ExitMarker}1\n");

        Assert.Equal(FullJson, output.Validation?.ToJson());
        Assert.False(output.Passed);
        Assert.Equal(1, output.ExitCode);
    }

    [Theory]
    [InlineData("""{"exportId":"e1","passed":true}""")]
    [InlineData("""{"exportId":"e1","checks":[],"summary":{"files":1}}""")]
    [InlineData("[1,2]")]
    public void Json_that_is_not_a_whole_report_reads_as_none(string json)
    {
        Assert.Null(ValidationReportJson.Read(json));
    }

    [Fact]
    public void Reports_read_back_are_the_reports_written_including_older_history_rows()
    {
        var full = ValidationReportJson.ReadSummary(FullJson);
        var older = ValidationReportJson.ReadSummary(OlderJson);

        Assert.NotNull(full);
        Assert.Equal((1, 1, "stored MD5", 12L, "overwrite", 10L, (long?)11, 2), (full.Files, full.FilesVerified, full.Checksums, full.Bytes, full.Mode, full.RowsExpected, full.RowsActual, full.Columns));
        Assert.Equal((true, true, false, 7L, 11L, (TimeSpan?)TimeSpan.FromMilliseconds(1234)), (full.NamesMatch, full.TypesMatch, full.NullabilityMatch, full.TableVersion, full.TableRows, full.Elapsed));
        Assert.Null(older);
        Assert.Null(ValidationReportJson.ReadSummary("not json"));
    }
}
