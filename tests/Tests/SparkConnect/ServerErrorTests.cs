using Grpc.Core;
using Handoff.SparkJob.Cli;
using Handoff.SparkJob.Output;
using Handoff.SparkJob.SparkConnect.Errors;
using Handoff.Tests.Fixtures.SparkConnect;
using Handoff.Tests.Support;
using Spark.Connect;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary>Errors from a Spark 3.5 and a Spark 4.x server: the same exit codes, and on 4.x the full message and causes from FetchErrorDetails.</summary>
public sealed class ServerErrorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(FakeServerProfile.Spark35Name)]
    [InlineData(FakeServerProfile.Spark4Name)]
    public async Task Validating_a_table_that_does_not_exist_exits_2_on_both_generations(string mode)
    {
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Named(mode) with { PingPermitInterval = null });
        var manifest = await SparkCli.ExportAsync(_temp.Combine("exports"), "e1", "parquet", 10);

        var validate = await SparkCli.RunAsync("validate", "--engine", "spark", "--remote", server.Remote, "--manifest", manifest, "--table", "sales.missing");

        Assert.True(validate.ExitCode == 2, validate.ToString());
        Assert.Contains("[TABLE_OR_VIEW_NOT_FOUND]", validate.Error, StringComparison.Ordinal);
        Assert.Contains("sales.missing", validate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_spark_4_the_full_message_and_its_causes_come_from_fetch_error_details()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark4());
        var manifest = await SparkCli.ExportAsync(_temp.Combine("exports"), "e1", "parquet", 10);
        server.Faults.FailStatement("DESCRIBE HISTORY", LongMissingTableError());

        var validate = await SparkCli.RunAsync("validate", "--engine", "spark", "--remote", server.Remote, "--manifest", manifest, "--table", "sales.missing");

        Assert.True(validate.ExitCode == 2, validate.ToString());
        Assert.Contains("error: Spark ExecutePlan failed [TABLE_OR_VIEW_NOT_FOUND] (SQLSTATE 42P01): ", validate.Error, StringComparison.Ordinal);
        Assert.Contains("END-OF-MESSAGE", validate.Error, StringComparison.Ordinal);
        Assert.Contains("caused by java.io.FileNotFoundException: [PATH_NOT_FOUND] /lake/sales/missing/_delta_log", validate.Error, StringComparison.Ordinal);
        var fetch = Assert.Single(server.Requests<FetchErrorDetailsRequest>("FetchErrorDetails"));
        Assert.True(Guid.TryParse(fetch.ErrorId, out _));
    }

    [Fact]
    public async Task On_spark_35_the_message_is_the_servers_cut_at_2048_characters_and_no_details_are_asked_for()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark35() with { PingPermitInterval = null });
        var manifest = await SparkCli.ExportAsync(_temp.Combine("exports"), "e1", "parquet", 10);
        server.Faults.FailStatement("DESCRIBE HISTORY", LongMissingTableError());

        var validate = await SparkCli.RunAsync("validate", "--engine", "spark", "--remote", server.Remote, "--manifest", manifest, "--table", "sales.missing");

        Assert.True(validate.ExitCode == 2, validate.ToString());
        Assert.Contains("error: Spark ExecutePlan failed: [TABLE_OR_VIEW_NOT_FOUND] ", validate.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("END-OF-MESSAGE", validate.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests<FetchErrorDetailsRequest>("FetchErrorDetails"));
    }

    [Fact]
    public async Task When_fetch_error_details_fails_the_status_message_and_error_info_are_used()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark4());
        using var client = TestClient.For(server.Remote);
        server.Faults.FailStatement("DELETE", FakeSparkErrors.Spark("TABLE_OR_VIEW_NOT_FOUND", "42P01", "The table or view `x` cannot be found."));
        server.Faults.FailNext("FetchErrorDetails");

        var error = await Assert.ThrowsAsync<SparkConnectException>(() => client.SqlAsync("DELETE FROM `x`", CancellationToken.None));

        Assert.Equal("TABLE_OR_VIEW_NOT_FOUND", error.ErrorClass);
        Assert.Equal("42P01", error.SqlState);
        Assert.Contains("The table or view `x` cannot be found.", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests<FetchErrorDetailsRequest>("FetchErrorDetails"));
    }

    [Theory]
    [InlineData(new[] { "org.apache.spark.sql.catalyst.parser.ParseException", "org.apache.spark.sql.AnalysisException", "java.lang.Exception" }, 2)]
    [InlineData(new[] { "org.apache.spark.sql.delta.DeltaAnalysisException", "org.apache.spark.sql.AnalysisException", "java.lang.Exception" }, 2)]
    [InlineData(new[] { "java.lang.NumberFormatException", "java.lang.IllegalArgumentException", "java.lang.RuntimeException" }, 2)]
    [InlineData(new[] { "java.lang.ArithmeticException", "java.lang.RuntimeException" }, 2)]
    [InlineData(new[] { "java.lang.UnsupportedOperationException", "java.lang.RuntimeException" }, 2)]
    [InlineData(new[] { "org.apache.spark.SparkException", "java.lang.Exception" }, 4)]
    [InlineData(new[] { "java.lang.OutOfMemoryError", "java.lang.Error" }, 4)]
    public void Without_a_sqlstate_spark_35_errors_are_judged_by_their_exception_classes(string[] classes, int exitCode)
    {
        var error = new SparkConnectException("Spark ExecutePlan failed: ...", StatusCode.Internal, exceptionClasses: classes);

        Assert.Equal(exitCode, SparkJobErrors.Classify(error));
    }

    [Theory]
    [InlineData("42P01", 2)]
    [InlineData("22023", 2)]
    [InlineData("23502", 2)]
    [InlineData("0A000", 2)]
    [InlineData("XX000", 4)]
    [InlineData("HY000", 4)]
    public void With_a_sqlstate_its_class_decides(string sqlState, int exitCode)
    {
        var error = new SparkConnectException("Spark ExecutePlan failed: ...", StatusCode.Internal, sqlState: sqlState, exceptionClasses: ["org.apache.spark.sql.AnalysisException"]);

        Assert.Equal(exitCode, SparkJobErrors.Classify(error));
    }

    /// <summary>A missing table whose message runs past the 2,048 characters a status message keeps, with a cause.</summary>
    private static FakeSparkException LongMissingTableError() => FakeSparkErrors.Spark(
        "TABLE_OR_VIEW_NOT_FOUND",
        "42P01",
        "The table or view `sales`.`missing` cannot be found. " + new string('x', 2100) + " END-OF-MESSAGE",
        cause: FakeSparkErrors.Spark("PATH_NOT_FOUND", "42K03", "/lake/sales/missing/_delta_log does not exist", "java.io.FileNotFoundException"));
}
