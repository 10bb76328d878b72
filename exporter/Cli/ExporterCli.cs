using System.CommandLine;
using Handoff.Shared.Cli;

namespace Handoff.Exporter.Cli;

/// <summary>The exporter's command line.</summary>
public static class ExporterCli
{
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var root = new RootCommand("Export query results (DuckDB, PostgreSQL) to Azure Blob Storage or a local folder as Parquet, Avro, CSV or JSON, committed by a manifest.\n" + ExitCodes.Describe(ExitCodes.ValidationFailed, ExitCodes.SourceError, ExitCodes.StorageError, ExitCodes.RunFailed));
        root.Subcommands.Add(ExportCommand.Create(console));
        root.Subcommands.Add(RunCommand.Create(console));
        root.Subcommands.Add(ManifestCommand.Create(console));
        root.Subcommands.Add(ExportsCommand.Create(console));
        root.Subcommands.Add(SubmitCommand.Create(console, DatabricksCommandContext.System));
        root.Subcommands.Add(ScheduleCommand.Create(console, DatabricksCommandContext.System));
        root.Subcommands.Add(RunsCommand.Create(console, DatabricksCommandContext.System));
        return CommandLine.InvokeAsync(root, "exporter", args, console, cancellationToken);
    }
}
