using System.CommandLine;
using Handoff.Shared.Cli;
using Handoff.Shared.Progress;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Job;
using Handoff.SparkJob.Job.Exports;
using Handoff.SparkJob.Output;

namespace Handoff.SparkJob.Cli;

/// <summary><c>spark-job load --exports PREFIX</c>: the newest committed export (overwrite), or every one the stream has not loaded (append).</summary>
internal static class ExportsLoad
{
    public static async Task<int> RunAsync(ParseResult parse, string exports, TableArguments table, EngineArguments engine, JobOptions options, bool requireNew, bool vacuum, CliConsole console, SparkJobEnvironment environment, IWorkProgress progress, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(table.Json);
        var prefix = await ExportsPrefix.ListAsync(StorageLocationParser.Parse(exports), table.Storage.Build(parse), cancellationToken);
        await using var session = await engine.OpenAsync(parse, table, [prefix.Location], environment, console, cancellationToken, progress);
        var stream = options.Stream ?? session.Engine.Table;
        var job = new TableJob(session.Engine, session.History, TimeProvider.System, progress);
        var outcome = await new PrefixLoad(job, session.Engine).RunAsync(prefix, options with { Stream = stream }, new SynchronousProgress(console), cancellationToken);
        VacuumRun? vacuumed = null;
        if (vacuum && outcome.LoadedAny && outcome.Succeeded)
        {
            using var vacuuming = progress.Start("vacuuming");
            vacuumed = await LoadCommand.VacuumAsync(session.Vacuum, cancellationToken);
        }

        var mode = options.Mode.ToString().ToLowerInvariant();
        await ExportsLoadOutput.WriteAsync(outcome, prefix.Location.ToString()!, mode, stream, json, parse.GetValue(table.ReportJson), console.Out, cancellationToken, vacuumed);
        if (vacuumed?.Error is { } vacuumError)
        {
            return ErrorReport.Write(vacuumError, json: false, console, SparkJobErrors.Classify, SparkJobErrors.Describe);
        }

        return !outcome.Succeeded ? ExitCodes.ValidationFailed
            : requireNew && !outcome.LoadedAny ? ExitCodes.NothingNew
            : ExitCodes.Ok;
    }

    /// <summary>Progress lines on stderr as they happen (Progress&lt;T&gt; would post them to the thread pool, out of order with the output).</summary>
    private sealed class SynchronousProgress(CliConsole console) : IProgress<string>
    {
        public void Report(string value) => console.Error.WriteLine(value);
    }
}
