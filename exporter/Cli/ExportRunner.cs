using Handoff.Shared.Cli;
using Handoff.Exporter.Export;
using Handoff.Exporter.Sources;
using Handoff.Shared.Progress;
using Handoff.Shared.Storage;

namespace Handoff.Exporter.Cli;

/// <summary>Carries out a checked export request: opens the source and the store, runs the pipeline.</summary>
internal static class ExportRunner
{
    /// <summary>
    /// Where the export's manifest is, as the location the user gave: with the SAS a URL carries,
    /// which a store's display location leaves out, so that a step after the export (run's load)
    /// authenticates to it the same way the export did.
    /// </summary>
    public static StorageLocation ManifestLocationOf(ExportInvocation invocation) =>
        StorageLocationParser.Parse(invocation.To).Combine(invocation.Options.ExportId).Combine(ExportPipeline.ManifestName);

    public static async Task<ExportResult> RunAsync(ExportInvocation invocation, CliConsole console, IWorkProgress progress, CancellationToken cancellationToken)
    {
        var location = StorageLocationParser.Parse(invocation.To);
        var exportFolder = ObjectStoreFactory.Open(location, invocation.Credentials).Sub(invocation.Options.ExportId);

        await using var source = invocation.SampleRows is { } rows
            ? await SampleCustomer360.CreateSourceAsync(rows, cancellationToken)
            : await SourceFactory.OpenAsync(SourceSpec.Parse(invocation.Source!), cancellationToken);
        var query = invocation.SampleRows is null ? invocation.Query! : SampleCustomer360.Query;

        // The sample's size is known, so its export shows a percentage; a query's is not.
        using var step = progress.Start("exporting", invocation.SampleRows, ProgressUnit.Rows);
        try
        {
            return await new ExportPipeline(exportFolder, TimeProvider.System, Notice).RunAsync(source, query, invocation.Options, new ExportStepProgress(step), cancellationToken);
        }
        catch (StorageException missing) when (missing.Kind == StorageErrorKind.ContainerNotFound)
        {
            // Storage says what is missing; the exporter knows how to create it.
            throw new StorageException(missing.Kind, $"{missing.Message}; pass --create-container to create it", missing);
        }

        void Notice(string line)
        {
            lock (console.Error)
            {
                console.Error.WriteLine($"note: {line}");
            }
        }
    }
}
