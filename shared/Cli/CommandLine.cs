using System.CommandLine;

namespace Handoff.Shared.Cli;

/// <summary>Runs a root command the way both programs want: parse errors exit with 2, like every other bad argument.</summary>
public static class CommandLine
{
    public static async Task<int> InvokeAsync(RootCommand root, string program, string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await console.Error.WriteLineAsync($"error: {error.Message}");
            }

            await console.Error.WriteLineAsync($"Run '{program} {string.Join(' ', args.Take(1))} --help' for usage.");
            return ExitCodes.BadInput;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellationToken);
    }
}
