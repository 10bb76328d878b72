using Handoff.Shared.Cli;
using Handoff.Shared.Input;
using Handoff.SparkJob.Cli;
using Handoff.SparkJob.Output;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Operator;

/// <summary>
/// Exit 2 says "your input was wrong", so only our typed input errors give it. The framework's own
/// argument, format and data exceptions come from our guards (ThrowIfNull...) or a library we did
/// not expect to fail: a bug, exit 70, said as one.
/// </summary>
public sealed class InputErrorExitCodeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<Exception> Bugs() => new(
        new ArgumentNullException("batch"),
        new ArgumentException("the target has no folder", "targetFullPath"),
        new ArgumentOutOfRangeException("type", "no Parquet type for this kind"),
        new FormatException("Input string was not in a correct format."),
        new UriFormatException("Invalid URI: The hostname could not be parsed."),
        new InvalidDataException("DESCRIBE HISTORY returned a row without a version"));

    public static TheoryData<Exception> InputErrors() => new(
        new InputArgumentException("'lz4' is not a csv compression (expected one of: none, gzip)", "spec"),
        new InputFormatException("line 3: expected 2 fields, found 3"),
        new InputDataException("file part-00000.parquet: checksum mismatch"));

    [Theory]
    [MemberData(nameof(Bugs))]
    public void A_framework_exception_is_an_internal_error_not_the_users_fault(Exception bug)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = ErrorReport.Write(bug, json: true, TestConsole.For(stdout, stderr), SparkJobErrors.Classify);

        Assert.Equal(ExitCodes.InternalError, code);
        Assert.StartsWith($"error: internal error: {bug.GetType().Name}: {bug.Message}", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("please report it", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"internal\"", stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InputErrors))]
    public void A_typed_input_error_exits_2_with_its_message_as_it_was(Exception error)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = ErrorReport.Write(error, json: false, TestConsole.For(stdout, stderr));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"error: {error.Message}", stderr.ToString().TrimEnd('\n', '\r'));
    }

    [Fact]
    public void An_input_argument_error_keeps_the_parameter_in_its_message_as_the_framework_type_did()
    {
        Assert.Equal(new ArgumentException("bad", "spec").Message, new InputArgumentException("bad", "spec").Message);
    }

    [Fact]
    public async Task A_date_format_dotnet_refuses_in_the_file_name_template_is_bad_input()
    {
        var result = await Cli.ExporterAsync("export", "--sample-rows", "5", "--file-name-template", "part-{date:%}-{n}", "--to", _temp.Path, "--export-id", "e1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Combine("e1")) && Directory.EnumerateFileSystemEntries(_temp.Combine("e1")).Any(), "nothing may be left behind");
    }

    [Fact]
    public async Task A_remote_that_is_not_a_spark_connect_string_is_bad_input()
    {
        var exports = _temp.Combine("exports");
        Assert.Equal(0, (await Cli.ExporterAsync("export", "--sample-rows", "5", "--to", exports, "--export-id", "e1")).ExitCode);

        var result = await Cli.SparkJobAsync("load", "--manifest", Path.Combine(exports, "e1"), "--table", _temp.Combine("table"), "--engine", "spark", "--remote", "http://spark:15002");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("invalid Spark Connect connection string", result.Error, StringComparison.Ordinal);
    }
}
