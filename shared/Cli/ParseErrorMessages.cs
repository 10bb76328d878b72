using System.CommandLine;
using System.CommandLine.Parsing;

namespace Handoff.Shared.Cli;

/// <summary>
/// System.CommandLine's parse errors, said for a person: a word it did not know is named, with
/// the nearest command or option ("did you mean"); a value that is not a number names the option
/// and says a whole number was expected (instead of a .NET type name); a missing command lists
/// the commands there are. Each error is one sentence.
/// </summary>
public static class ParseErrorMessages
{
    private static readonly Type[] WholeNumbers = [typeof(int), typeof(long), typeof(int?), typeof(long?), typeof(short), typeof(short?)];

    public static IReadOnlyList<string> Describe(ParseResult parse, string program)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var command = parse.CommandResult.Command;
        var messages = new List<string>();
        var unmatched = parse.UnmatchedTokens;
        for (var i = 0; i < unmatched.Count; i++)
        {
            var token = unmatched[i];
            if (token.StartsWith('-'))
            {
                messages.Add($"unknown option '{token}' for '{PathOf(command, program)}'.{DidYouMean.Sentence(token, OptionNames(command))}");

                // "--sample-row 10": the 10 was the unknown option's value, not a second mistake.
                if (i + 1 < unmatched.Count && !unmatched[i + 1].StartsWith('-'))
                {
                    i++;
                }
            }
            else if (command.Subcommands.Count > 0 && i == 0)
            {
                messages.Add($"unknown command '{token}' for '{PathOf(command, program)}'.{DidYouMean.Sentence(token, CommandNames(command))} The commands are: {string.Join(", ", CommandNames(command))}.");
            }
            else
            {
                messages.Add($"unexpected argument '{token}' for '{PathOf(command, program)}'.");
            }
        }

        foreach (var error in parse.Errors)
        {
            if (unmatched.Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal)) && error.Message.StartsWith("Unrecognized", StringComparison.Ordinal))
            {
                continue;
            }

            // "exporter exprot": the unknown command already says what to type.
            if (error.Message.StartsWith("Required command was not provided", StringComparison.Ordinal) && messages.Count > 0)
            {
                continue;
            }

            messages.Add(Rewrite(error, command, program));
        }

        return messages.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>"exporter runs list": the words that name a command, from the root.</summary>
    public static string PathOf(Command command, string program)
    {
        ArgumentNullException.ThrowIfNull(command);
        var names = new List<string>();
        for (Symbol? current = command; current is not null; current = current.Parents.FirstOrDefault())
        {
            if (current is Command c)
            {
                names.Add(c is RootCommand ? program : c.Name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    private static string Rewrite(ParseError error, Command command, string program)
    {
        if (error.Message.StartsWith("Required command was not provided", StringComparison.Ordinal))
        {
            return $"no command given to '{PathOf(command, program)}': choose one of {string.Join(", ", CommandNames(command))}.";
        }

        if (NumberProblem(error) is { } number)
        {
            return number;
        }

        return error.Message;
    }

    private static string? NumberProblem(ParseError error)
    {
        var (name, type, tokens) = error.SymbolResult switch
        {
            OptionResult option => (option.Option.Name, option.Option.ValueType, option.Tokens),
            ArgumentResult { Parent: OptionResult option } => (option.Option.Name, option.Option.ValueType, option.Tokens),
            ArgumentResult argument => (argument.Argument.Name, argument.Argument.ValueType, argument.Tokens),
            _ => (null, null, null),
        };
        if (name is null || !WholeNumbers.Contains(type) || !error.Message.StartsWith("Cannot parse", StringComparison.Ordinal))
        {
            return null;
        }

        var given = tokens?.Select(t => t.Value).LastOrDefault();
        return given is null
            ? $"{name} expected a whole number."
            : $"{name} expected a whole number, got '{given}'.";
    }

    private static IEnumerable<string> OptionNames(Command command)
    {
        var names = new List<string>();
        for (Symbol? current = command; current is not null; current = current.Parents.FirstOrDefault())
        {
            if (current is Command c)
            {
                names.AddRange(c.Options.Where(o => !o.Hidden && (ReferenceEquals(c, command) || o.Recursive)).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)));
            }
        }

        return names;
    }

    private static List<string> CommandNames(Command command) => command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
}
