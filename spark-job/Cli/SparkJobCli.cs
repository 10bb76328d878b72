using System.CommandLine;
using Handoff.Shared.Cli;

namespace Handoff.SparkJob.Cli;

/// <summary>The job's command line.</summary>
public static class SparkJobCli
{
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken) =>
        RunAsync(args, console, SparkJobEnvironment.Default, cancellationToken);

    /// <summary>As <see cref="RunAsync(string[], CliConsole, CancellationToken)"/>, with the environment given (tests).</summary>
    public static Task<int> RunAsync(string[] args, CliConsole console, SparkJobEnvironment environment, CancellationToken cancellationToken)
    {
        var root = new RootCommand("Load a committed export into a Delta table and prove the table matches its manifest.\n" + ExitCodes.HelpText);
        root.Subcommands.Add(LoadCommand.Create(console, environment));
        root.Subcommands.Add(ValidateCommand.Create(console, environment));
        root.Subcommands.Add(InspectCommand.Create(console));
        root.Subcommands.Add(VacuumCommand.Create(console, environment));
        root.Subcommands.Add(HistoryCommand.Create(console));
        root.Subcommands.Add(RegisterCommand.Create(console, environment));
        return CommandLine.InvokeAsync(root, "spark-job", args, console, cancellationToken);
    }
}
