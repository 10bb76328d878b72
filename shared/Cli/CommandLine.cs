using System.CommandLine;

namespace Handoff.Shared.Cli;

/// <summary>
/// Runs a root command the way both programs want: every command takes the common options
/// (<see cref="CommonOptions"/>); parse errors exit with 2, like every other bad argument, each
/// said once with a suggestion where one helps, and with <c>--json</c> as one JSON object on
/// stdout too.
/// </summary>
public static class CommandLine
{
    public static async Task<int> InvokeAsync(RootCommand root, string program, string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(console);
        CommonOptions.AddTo(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count == 0)
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellationToken);
        }

        var messages = ParseErrorMessages.Describe(parse, program);
        var usage = $"Run '{ParseErrorMessages.PathOf(parse.CommandResult.Command, program)} --help' for usage.";
        if (args.Contains(JsonOption.Name, StringComparer.Ordinal))
        {
            await console.Out.WriteLineAsync(CliJson.Serialize(new { error = string.Join(" ", messages), exitCode = ExitCodes.BadInput, kind = ErrorReport.KindOf(ExitCodes.BadInput), errors = messages, usage }));
        }

        foreach (var message in messages)
        {
            await console.Error.WriteLineAsync($"error: {message}");
        }

        await console.Error.WriteLineAsync(usage);
        return ExitCodes.BadInput;
    }
}
