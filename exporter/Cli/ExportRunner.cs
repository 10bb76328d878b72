using Handoff.Shared.Cli;
using Handoff.Exporter.Export;
using Handoff.Exporter.Sources;
using Handoff.Shared.Storage;

namespace Handoff.Exporter.Cli;

/// <summary>Carries out a checked export request: opens the source and the store, runs the pipeline.</summary>
internal static class ExportRunner
{
    public static async Task<ExportResult> RunAsync(ExportInvocation invocation, CliConsole console, CancellationToken cancellationToken)
    {
        var location = StorageLocationParser.Parse(invocation.To);
        var exportFolder = ObjectStoreFactory.Open(location, invocation.Credentials).Sub(invocation.Options.ExportId);

        await using var source = invocation.SampleRows is { } rows
            ? await SampleCustomer360.CreateSourceAsync(rows, cancellationToken)
            : await SourceFactory.OpenAsync(SourceSpec.Parse(invocation.Source!), cancellationToken);
        var query = invocation.SampleRows is null ? invocation.Query! : SampleCustomer360.Query;

        var progress = console.ErrorIsTerminal ? new ProgressLine(console.Error) : null;
        try
        {
            return await new ExportPipeline(exportFolder, TimeProvider.System).RunAsync(source, query, invocation.Options, progress, cancellationToken);
        }
        finally
        {
            progress?.Finish();
        }
    }
}
