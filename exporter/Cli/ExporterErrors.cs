using Handoff.Exporter.Export;
using Handoff.Exporter.Sources;
using Handoff.Shared.Cli;

namespace Handoff.Exporter.Cli;

/// <summary>Exit codes for the exceptions the exporter owns, and the messages it words with its flags.</summary>
internal static class ExporterErrors
{
    public static int? Classify(Exception error) => error switch
    {
        SourceException => ExitCodes.SourceError,
        UnsupportedSourceException or ExportAlreadyCommittedException or ExportInProgressException => ExitCodes.BadInput,
        _ => null,
    };

    public static string? Describe(Exception error) => error switch
    {
        ExportAlreadyCommittedException committed => committed.Say("choose another --export-id"),
        _ => null,
    };
}
