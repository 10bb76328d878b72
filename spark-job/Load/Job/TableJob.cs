using Handoff.Shared.Input;
using Handoff.Shared.Progress;
using Handoff.Shared.Validation;
using Handoff.SparkJob.Engines;
using Handoff.SparkJob.History;
using Handoff.SparkJob.Validation;

namespace Handoff.SparkJob.Job;

/// <summary>
/// The job's steps, whatever the engine: check the manifest's files, load them, validate the
/// table against the manifest, record the run in the history table, and roll back on failure
/// when asked. Bad input stops the run before anything is committed.
/// </summary>
public sealed class TableJob(ITableEngine engine, IValidationHistory history, TimeProvider clock, IWorkProgress? progress = null)
{
    private readonly IWorkProgress _progress = progress ?? NoProgress.Instance;

    public async Task<JobOutcome> LoadAsync(ExportReference export, JobOptions options, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        LoadOutcome load;
        try
        {
            var files = await VerifyFilesAsync(export, cancellationToken);
            await ExportColumnsCheck.EnsureMatchAsync(export, cancellationToken);
            using (var loading = _progress.Start("loading", engine.ReportsRows ? export.Manifest.RowCount : null, ProgressUnit.Rows))
            {
                load = await engine.LoadAsync(new LoadRequest(export, options.Mode, options.Stream ?? engine.Table) { Rows = new StepAdvance(loading) }, cancellationToken);
            }

            return await ValidateLoadAsync(export, options, files, load, startedAt, cancellationToken);
        }
        catch (OperationCanceledException cancelled) when (cancelled is not WorkCancelledException && cancellationToken.IsCancellationRequested)
        {
            // The engines remove what an unfinished load wrote, and a commit is all or nothing. The
            // embedded engine does nothing after its commit; Spark is asked for its history after
            // the write, so a cancellation there may follow a commit that completed.
            throw new WorkCancelledException(
                engine.Name == "embedded"
                    ? $"nothing was committed to {engine.Table}"
                    : $"the load was stopped; {engine.Table} holds the export only if its commit had completed (validate the export to see which)",
                cancelled);
        }
    }

    private async Task<JobOutcome> ValidateLoadAsync(ExportReference export, JobOptions options, IReadOnlyList<FileFact> files, LoadOutcome load, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        if (load.Skipped)
        {
            return new JobOutcome(engine.Name, load, null, null, null);
        }

        var verified = load.Checksums is { } checksums
            ? files.Select(f => checksums.TryGetValue(f.Path, out var c) ? f with { Checksum = c.Md5, ChecksumRecomputed = c.Recomputed } : f).ToList()
            : files;
        ValidationReport report;
        try
        {
            report = await ValidateAsync(export, verified, load.Version, "load", startedAt, cancellationToken);
        }
        catch (OperationCanceledException cancelled) when (cancellationToken.IsCancellationRequested)
        {
            throw new WorkCancelledException($"the load committed version {load.Version} of {engine.Table}; its validation did not finish and was not recorded", cancelled);
        }

        if (report.Passed || !options.RollbackOnFailure)
        {
            return new JobOutcome(engine.Name, load, report, null, null);
        }

        var rollback = await engine.RollbackAsync(load.PreviousVersion, $"rollback of export {export.Manifest.ExportId}: validation failed", cancellationToken);
        return new JobOutcome(engine.Name, load, report, load.PreviousVersion ?? -1, rollback);
    }

    /// <param name="verifyData">Read and hash every file instead of trusting the MD5 storage keeps.</param>
    public async Task<JobOutcome> ValidateAsync(ExportReference export, long? version, CancellationToken cancellationToken, bool verifyData = false)
    {
        var startedAt = clock.GetUtcNow();
        try
        {
            // The table is read while the files are checked: with verifyData, hashing them takes a
            // core for a second per 600 MB, and reading the log and stats can use the other. Its
            // failures still come second, as they did when it ran after the files; when checking
            // the files fails, it is stopped.
            using var describeCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var describing = engine.DescribeAsync(export.Manifest, version, describeCancel.Token);
            IReadOnlyList<FileFact> files;
            try
            {
                using var checking = StartChecking(export);
                files = await ExportFileVerifier.VerifyAsync(export, verifyData, cancellationToken, new StepAdvance(checking));
            }
            catch (Exception)
            {
                await describeCancel.CancelAsync();
                await Observe(describing);
                throw;
            }

            var report = await ValidateAsync(export, files, await describing, "validate", startedAt, cancellationToken);
            return new JobOutcome(engine.Name, null, report, null, null);
        }
        catch (OperationCanceledException cancelled) when (cancellationToken.IsCancellationRequested)
        {
            throw new WorkCancelledException($"{engine.Table} was not changed and the validation was not recorded", cancelled);
        }
    }

    /// <summary>Waits for a task whose outcome no longer matters, so that its failure is not left unobserved.</summary>
    private static async Task Observe(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // The caller reports the failure that came first.
        }
    }

    private IProgressStep StartChecking(ExportReference export) =>
        _progress.Start("checking files", export.Manifest.Files.Sum(f => f.Bytes), ProgressUnit.Bytes);

    private async Task<IReadOnlyList<FileFact>> VerifyFilesAsync(ExportReference export, CancellationToken cancellationToken)
    {
        IReadOnlyList<FileFact> files;
        using (var checking = StartChecking(export))
        {
            files = await ExportFileVerifier.VerifyAsync(export, verifyData: false, cancellationToken, new StepAdvance(checking));
        }

        if (ExportFileVerifier.FirstProblem(export.Manifest.Files, files) is { } problem)
        {
            throw new InputDataException($"{problem}; nothing was loaded");
        }

        return files;
    }

    /// <param name="runStartedAt">When the run began: the report's elapsed time counts from there.</param>
    private async Task<ValidationReport> ValidateAsync(ExportReference export, IReadOnlyList<FileFact> files, long? version, string operation, DateTimeOffset runStartedAt, CancellationToken cancellationToken) =>
        await ValidateAsync(export, files, await engine.DescribeAsync(export.Manifest, version, cancellationToken), operation, runStartedAt, cancellationToken);

    /// <param name="facts">What the engine read of the table.</param>
    private async Task<ValidationReport> ValidateAsync(ExportReference export, IReadOnlyList<FileFact> files, EngineFacts facts, string operation, DateTimeOffset runStartedAt, CancellationToken cancellationToken)
    {
        using var validating = _progress.Start("validating");
        var startedAt = clock.GetUtcNow();
        var withRows = files.Select(f => f with { Rows = facts.RowsBySourceFile.TryGetValue(f.Path, out var rows) ? rows : null }).ToList();
        var report = ManifestValidator.Validate(export.Manifest, withRows, facts.Table, clock).WithElapsed(clock.GetUtcNow() - runStartedAt);
        await history.AppendAsync(new ValidationRun(report, engine.Name, operation, facts.Table.Mode, startedAt, clock.GetUtcNow()), cancellationToken);
        return report;
    }
}
