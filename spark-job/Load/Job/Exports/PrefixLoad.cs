using Handoff.SparkJob.Engines;

namespace Handoff.SparkJob.Job.Exports;

/// <summary>
/// <c>load --exports</c>: chooses from the prefix what the stream has not loaded
/// (<see cref="ExportsSelection"/>), then loads each through the ordinary job, one commit and
/// one validation per export, oldest first. A failed validation stops the run there: later
/// exports are not stacked on a table that failed, and the next run starts from it again.
/// </summary>
public sealed class PrefixLoad(TableJob job, ITableEngine engine)
{
    public async Task<PrefixLoadOutcome> RunAsync(ExportsPrefix prefix, JobOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(options);
        var stream = options.Stream ?? engine.Table;
        var loaded = await engine.ReadStreamAsync(stream, cancellationToken);
        var selection = await ExportsSelection.ChooseAsync(prefix, options.Mode, loaded, stream, cancellationToken);
        if (selection.ToLoad.Count == 0)
        {
            return new PrefixLoadOutcome([], selection.NothingNew, []);
        }

        var loads = new List<PrefixExportLoad>();
        for (var i = 0; i < selection.ToLoad.Count; i++)
        {
            var manifest = selection.ToLoad[i].Manifest!;
            progress?.Report($"loading {ExportsSelection.Describe(manifest.ExportId, manifest.CreatedAt)} from {prefix.Location} ({i + 1} of {selection.ToLoad.Count})");
            var outcome = await job.LoadAsync(prefix.Reference(selection.ToLoad[i]), options with { Stream = stream }, cancellationToken);
            loads.Add(new PrefixExportLoad(manifest.ExportId, manifest.CreatedAt, outcome));
            if (!outcome.Succeeded)
            {
                return new PrefixLoadOutcome(loads, null, selection.ToLoad.Skip(i + 1).Select(e => e.Manifest!.ExportId).ToList());
            }
        }

        return new PrefixLoadOutcome(loads, null, []);
    }
}
