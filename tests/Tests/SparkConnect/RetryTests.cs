using System.Diagnostics;
using System.Text.RegularExpressions;
using Handoff.SparkJob.SparkConnect.Client;
using Handoff.SparkJob.SparkConnect.Execution;
using Handoff.Tests.Databricks.Support;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary>PySpark's retry schedule within a time budget, and what a person sees while Spark does not answer.</summary>
public sealed partial class RetryTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_waits_are_pyspark_defaults_50_ms_times_4_capped_at_60_s_with_jitter_from_2_s()
    {
        var clock = new FakeClock();
        var schedule = new RetrySchedule(new RetryOptions(), clock);

        var waits = Enumerable.Range(0, 8).Select(_ => schedule.NextWait()!.Value).ToList();

        Assert.Equal(TimeSpan.FromMilliseconds(50), waits[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(200), waits[1]);
        Assert.Equal(TimeSpan.FromMilliseconds(800), waits[2]);
        Assert.InRange(waits[3].TotalMilliseconds, 3200, 3700);
        Assert.InRange(waits[4].TotalMilliseconds, 12800, 13300);
        Assert.InRange(waits[5].TotalMilliseconds, 51200, 51700);
        Assert.InRange(waits[6].TotalMilliseconds, 60000, 60500);
        Assert.InRange(waits[7].TotalMilliseconds, 60000, 60500);
    }

    [Fact]
    public void The_schedule_stops_at_its_budget_and_shortens_the_last_wait_to_end_there()
    {
        var clock = new FakeClock();
        var schedule = new RetrySchedule(new RetryOptions { Budget = TimeSpan.FromSeconds(1) }, clock);
        var waits = new List<TimeSpan>();

        while (schedule.NextWait() is { } wait)
        {
            waits.Add(wait);
            clock.Advance(wait);
        }

        Assert.Equal([TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(750)], waits);
        Assert.Equal(4, schedule.Failures);
        Assert.Equal(TimeSpan.FromSeconds(1), schedule.Elapsed);
    }

    [Fact]
    public async Task A_dead_endpoint_prints_retry_lines_naming_it_then_gives_up_after_the_connect_timeout_with_exit_4()
    {
        var manifest = await SparkCli.ExportAsync(_temp.Combine("exports"), "e1", "parquet", 10);
        var port = FreePort.Next();
        var environment = SparkCli.Environment(retry: new RetryOptions());
        using var stdout = new StringWriter();
        using var stderr = new TimedWriter();
        var clock = Stopwatch.StartNew();

        var code = await Handoff.SparkJob.Cli.SparkJobCli.RunAsync(
            ["load", "--engine", "spark", "--remote", $"sc://127.0.0.1:{port}/;token=dapi-s3cr3t;use_ssl=true", "--manifest", manifest, "--table", "t", "--connect-timeout", "3", "--json"],
            new Handoff.Shared.Cli.CliConsole(stdout, stderr, ErrorIsTerminal: false),
            environment,
            CancellationToken.None);

        var elapsed = clock.Elapsed;
        Assert.Equal(4, code);
        var (firstAt, first) = stderr.Lines[0];
        Assert.True(firstAt < TimeSpan.FromSeconds(5), $"first line after {firstAt}");
        Assert.StartsWith($"Spark Connect 127.0.0.1:{port}: ", first, StringComparison.Ordinal);
        Assert.Matches(RetryLine(), first);
        Assert.Contains("attempt 2", first, StringComparison.Ordinal);
        Assert.True(stderr.Lines.Count >= 3, string.Join('\n', stderr.Lines.Select(l => l.Line)));
        Assert.InRange(elapsed, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(8));

        // --json: stdout holds the one error object; the retry lines went to stderr.
        var json = System.Text.Json.JsonDocument.Parse(stdout.ToString()).RootElement;
        Assert.Equal(4, json.GetProperty("exitCode").GetInt32());
        Assert.Matches(GaveUp(), json.GetProperty("error").GetString()!);
        Assert.DoesNotContain("dapi-s3cr3t", stdout + string.Join('\n', stderr.Lines.Select(l => l.Line)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--connect-timeout", "soon", "is not a duration")]
    [InlineData("--keepalive-interval", "30s", "is under 5m")]
    [InlineData("--cluster-wait", "-1", "is not a duration")]
    public async Task Bad_waits_are_refused_with_exit_2(string option, string value, string message)
    {
        var manifest = await SparkCli.ExportAsync(_temp.Combine("exports"), "e1", "parquet", 10);

        var load = await SparkCli.RunAsync("load", "--engine", "spark", "--remote", $"sc://127.0.0.1:{FreePort.Next()}/", "--manifest", manifest, "--table", "t", option, value);

        Assert.Equal(2, load.ExitCode);
        Assert.Contains($"{option} '{value}' {message}", load.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spark_wait_options_with_the_embedded_engine_are_refused()
    {
        var manifest = await SparkCli.ExportAsync(_temp.Combine("exports"), "e1", "parquet", 10);

        var load = await SparkCli.RunAsync("load", "--manifest", manifest, "--table", _temp.Combine("table"), "--connect-timeout", "60");

        Assert.Equal(2, load.ExitCode);
        Assert.Contains("--connect-timeout applies to --engine spark only", load.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^Spark Connect 127\.0\.0\.1:\d+: (ExecutePlan|Config|AnalyzePlan) failed with UNAVAILABLE \(attempt \d+, \d+\.\d s so far\): .+; retrying in \d+\.\d s, for up to 3\.0 s$")]
    private static partial Regex RetryLine();

    [GeneratedRegex(@"gave up on 127\.0\.0\.1:\d+ after \d+ attempts over \d+\.\d s \(retry budget 3\.0 s\)")]
    private static partial Regex GaveUp();

    /// <summary>Records when each line was written.</summary>
    private sealed class TimedWriter : StringWriter
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<(TimeSpan At, string Line)> _lines = [];

        public IReadOnlyList<(TimeSpan At, string Line)> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_lines)
            {
                _lines.Add((_clock.Elapsed, value ?? string.Empty));
            }

            base.WriteLine(value);
        }
    }
}
